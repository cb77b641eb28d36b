// Test support: whether this build runs under AddressSanitizer, which reserves terabytes of address
// space and keeps freed memory in quarantine: no address-space limit can be set under it, nor a
// run's memory compared with the release build's.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define TWINSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TWINSIM_ASAN 1
#endif
#endif
