print("irlink-sim: not built yet (issue 4)")
