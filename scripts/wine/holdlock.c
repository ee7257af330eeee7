/* Test helper for scripts/windows-check.sh, not part of the product: holds a file open without
 * sharing, as Word does with the .docx it has open, until it is killed or SECONDS pass.
 *   holdlock.exe FILE SECONDS
 * Prints "locked" once the file is held. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3)
        return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "holdlock: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
