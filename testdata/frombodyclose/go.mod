module example.com/frombodyclose

go 1.25
