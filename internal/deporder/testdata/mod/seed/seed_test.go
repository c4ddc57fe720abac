package seed

func SeedFromTest() {}

func callsInTest() { SeedFromTest() }
