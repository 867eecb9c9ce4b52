import ctypes

ctypes.string_at(0)  # reads address 0: the interpreter dies with SIGSEGV
