// Simulated hardware (issue 4, in progress).
