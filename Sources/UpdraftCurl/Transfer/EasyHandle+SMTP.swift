internal import CCurl

extension EasyHandle {
    /// A handle configured to deliver `message` to `server`; the message bytes go through the read callback.
    static func smtp(_ message: SMTPMessage, server: SMTPServer, defaults: CurlClient.Configuration)
        throws(CurlError) -> EasyHandle
    {
        let route = try ServerNameRoute(url: server.url, serverName: server.tls.serverName)
        let easy = try EasyHandle(url: route.url)
        do {
            try easy.configureSMTP(message, server: server, defaults: defaults, route: route)
        } catch {
            easy.cleanup()
            throw error
        }
        return easy
    }

    private func configureSMTP(
        _ message: SMTPMessage, server: SMTPServer, defaults: CurlClient.Configuration, route: ServerNameRoute
    ) throws(CurlError) {
        guard !message.recipients.isEmpty else {
            throw CurlError(code: .invalidRequest, message: "a message needs at least one recipient", url: redactedURL)
        }
        let addresses = [message.sender] + message.recipients
        guard !addresses.contains(where: { $0.unicodeScalars.contains(where: { "\r\n<>\0".unicodeScalars.contains($0) }) })
        else {
            throw CurlError(code: .invalidRequest, message: "an envelope address is malformed", url: redactedURL)
        }
        try set(.protocols, "smtp,smtps")
        try set(.mailFrom, "<\(message.sender)>")
        try set(.mailRecipients, message.recipients.map { "<\($0)>" })
        try set(.upload, 1)
        try set(.inFileSize, message.data.count)
        let useSSL: curl_usessl =
            switch server.encryption.mode {
            case .startTLSRequired: CURLUSESSL_ALL
            case .startTLSIfAvailable: CURLUSESSL_TRY
            case .implicitTLS, .none: CURLUSESSL_NONE
            }
        try set(.useSSL, Int(useSSL.rawValue))
        if let credentials = server.credentials {
            try set(.username, credentials.username)
            try set(.password, credentials.password)
        }
        try apply(server.timeouts)
        // Waiting for an SMTP reply moves no bytes, so the low-speed check never sees it and libcurl would wait
        // 120 s: a server silent for the low-speed duration is as stalled as a stream that stopped.
        if let lowSpeed = server.timeouts.lowSpeed {
            try set(.serverResponseTimeout, max(1, (lowSpeed.duration.curlMilliseconds + 999) / 1000))
        }
        try apply(server.tls, trustStore: defaults.trustStore)
        try apply(defaults.proxy)
        if let connectTo = route.connectTo { try set(.connectTo, [connectTo]) }
    }
}
