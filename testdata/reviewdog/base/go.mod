module example.com/rdcheck

go 1.25
