#ifndef UPDRAFT_CCURL_SHIM_H
#define UPDRAFT_CCURL_SHIM_H

#include <curl/curl.h>

// libcurl's option setters are C variadics, which Swift cannot call. Each wrapper below pins one
// C argument type, so a handful of functions covers every option (see UpdraftCurl's DocC article).

/// `curl_easy_setopt` for options that take a `long`.
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

#endif
