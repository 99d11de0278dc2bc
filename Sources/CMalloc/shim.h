// glibc malloc tuning (mallopt), used once by the msdb executable at startup.
#include <malloc.h>
