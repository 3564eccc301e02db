/* libmdfc.so is libmdfc.a's objects, linked whole (CMakeLists.txt); CMake
   wants one source file of its own for it. */
typedef int mdfc_shared_library_unit;
