internal import CCurl

extension CurlTransfer {
    /// Registers the write, header and read callbacks with `self` as their userdata.
    ///
    /// The closures capture nothing (they are C function pointers); they find the transfer through the
    /// unretained userdata, which the loop's +1 reference keeps valid for as long as libcurl may call them.
    func installCallbacks() {
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        easy.setPointer(CURLOPT_WRITEDATA, userdata)
        easy.setPointer(CURLOPT_HEADERDATA, userdata)
        easy.setPointer(CURLOPT_READDATA, userdata)
        _ = ccurl_easy_setopt_write_callback(easy.raw, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        _ = ccurl_easy_setopt_write_callback(easy.raw, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            guard let userdata, let data else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        _ = ccurl_easy_setopt_read_callback(easy.raw, CURLOPT_READFUNCTION) { data, size, count, userdata in
            guard let userdata, let data else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.sendBody(into: UnsafeMutableRawBufferPointer(start: data, count: size * count))
        }
    }
}
