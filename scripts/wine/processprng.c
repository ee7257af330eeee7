/* Test-environment shim, not part of the product.
 *
 * Rust's standard library (1.78 and later) gets random bytes from ProcessPrng in
 * bcryptprimitives.dll, which Wine 8 does not have. scripts/windows-check.sh builds this DLL with
 * mingw and puts it into the Wine prefix's system32; Windows 10/11 have the real one. */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
