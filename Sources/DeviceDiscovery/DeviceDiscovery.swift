// Device discovery through libudev (issue 4, in progress).
