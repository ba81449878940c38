print("vending-sim: not built yet (issue 4)")
