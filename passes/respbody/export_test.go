package respbody

// ChecksDrain exposes checksDrain to the tests.
var ChecksDrain = checksDrain
