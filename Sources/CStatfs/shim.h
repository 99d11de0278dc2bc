// statfs(2), whose f_type names the file system holding a path: the store warns when a database
// lives on a network file system (NetworkFileSystem.swift).
#if defined(__linux__)
#include <sys/vfs.h>
#else
#include <sys/mount.h>
#endif
