#ifndef UPDRAFT_CCURL_SHIM_H
#define UPDRAFT_CCURL_SHIM_H

#include <curl/curl.h>
#include <pthread.h>

// libcurl's option setters and info getters are C variadics, which Swift cannot call
// ("Variadic function is unavailable"). Each wrapper below pins ONE C argument type, so a handful of
// functions covers every option; UpdraftCurl pairs each option with the right wrapper through typed
// Swift option constants (CurlOptions.swift), so a long option cannot be given a string.

// MARK: - curl_easy_setopt, one wrapper per argument type

/// Options taking a `long`: flags, counts, millisecond timeouts, enum values.
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Options taking a `curl_off_t` (the `*_LARGE` sizes): a `long` would be the wrong width on some ABIs.
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Options taking a C string. libcurl copies strings (since 7.17), so Swift may free them right after the call.
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Options taking an opaque pointer: the `*DATA` userdata of callbacks, `CURLOPT_PRIVATE`, `CURLOPT_ERRORBUFFER`.
/// libcurl does NOT copy or own these: the caller keeps them alive for as long as the handle may use them.
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Options taking a `struct curl_slist *` (headers, recipients, CONNECT_TO). Not copied: keep the list alive
/// until the handle is cleaned up.
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Options taking a `struct curl_blob *` (PEM certificates and keys in memory). Set with `CURL_BLOB_COPY`,
/// libcurl copies the bytes, so the Swift buffer may go away right after the call.
static inline CURLcode ccurl_easy_setopt_blob(CURL *handle, CURLoption option, struct curl_blob *value) {
    return curl_easy_setopt(handle, option, value);
}

// MARK: - curl_easy_setopt for callbacks
// A Swift closure that captures nothing converts to a C function pointer of exactly one signature, so each
// callback signature needs its own setter. The Swift object behind the callback arrives through the matching
// `*DATA` pointer option.

/// `CURLOPT_WRITEFUNCTION` and `CURLOPT_HEADERFUNCTION` (same signature).
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// `CURLOPT_READFUNCTION` (request bodies and SMTP messages).
static inline CURLcode ccurl_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// MARK: - curl_easy_getinfo, one wrapper per result type (UpdraftCurl reads only `long` infos so far)

/// Infos returning a `long` (response code, OS errno, redirect count).
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

// MARK: - curl_multi_setopt

/// Multi options taking a `long` (connection limits, multiplexing).
static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

// MARK: - Constants defined by expressions Swift does not import

/// `CURLPAUSE_CONT` is `(CURLPAUSE_RECV_CONT|CURLPAUSE_SEND_CONT)`, a macro expression Swift skips.
static const int ccurl_pause_continue = CURLPAUSE_CONT;

/// `CURL_GLOBAL_DEFAULT` expands to another macro expression.
static const long ccurl_global_default = CURL_GLOBAL_DEFAULT;

// MARK: - The loop thread's name

/// Names a thread (15 bytes at most), so the loop shows up by name in `top -H`, debuggers and
/// `/proc/self/task/*/comm`. `pthread_setname_np` is a GNU extension that glibc declares only under `_GNU_SOURCE`,
/// which Swift's Glibc module is not built with; the block-scope declaration makes it callable anyway.
static inline int ccurl_name_thread(pthread_t thread, const char *name) {
    extern int pthread_setname_np(pthread_t thread, const char *name);
    return pthread_setname_np(thread, name);
}

#endif
