#include <stdio.h>
int main(void) { puts("mdfc " MDFC_VERSION); return 0; }
