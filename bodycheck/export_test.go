package bodycheck

// Verify is verify, for the tests of VerifyTestMain that must not exit.
var Verify = verify
