/* libudev for Swift: the header only; the one macro we need is a loop. */
#include <libudev.h>
