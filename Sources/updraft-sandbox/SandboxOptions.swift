import UpdraftSandbox

/// The command line of `updraft-sandbox`, parsed by hand (a handful of `--name value` options).
struct SandboxOptions {
    var stateDirectory = ".updraft-sandbox"
    var talendPort = 0
    var talendToken = TalendCloudSimulator.defaultToken
    var smtpPort = 0
    var mailDirectory: String?
    var smtpUsername: String?
    var smtpPassword: String?
    var smtpTLS: SMTPSinkTLS.Mode?
    var smtpRequireTLS = false
    var smtpRejectedRecipients: Set<String> = []
    var talendJobSeconds = 0
    var verbose = false

    static let usage = """
        USAGE: updraft-sandbox [options]

        Starts local stand-ins for Talend Cloud, the Kubernetes API (HTTPS) and an SMTP server on 127.0.0.1,
        writes their endpoints to <state-dir>/sandbox.json and the environment pointing DAGs at them
        (AIRFLOW_CONN_*, AIRFLOW__SMTP__*, KUBECONFIG) to <state-dir>/sandbox.env, and runs until interrupted
        (Ctrl-C or SIGTERM).

        OPTIONS:
          --state-dir <dir>        Where sandbox.json, mail and certificates go (default: .updraft-sandbox)
          --talend-port <port>     Talend Cloud API port (default: 0, any free port)
          --talend-token <token>   Bearer token the Talend stand-in accepts
                                   (default: \(TalendCloudSimulator.defaultToken))
          --smtp-port <port>       SMTP sink port (default: 0, any free port)
          --mail-dir <dir>         Where received mail is written as .eml (default: <state-dir>/mail)
          --smtp-user <name>       Offer AUTH PLAIN/LOGIN and accept this user name...
          --smtp-password <pw>     ...with this password (both or neither)
          --smtp-tls <mode>        none, starttls or implicit, with the sandbox CA in <state-dir>/tls (default: none)
          --smtp-require-tls       With starttls: refuse AUTH and MAIL before the upgrade
          --smtp-reject <address>  Answer RCPT TO for this address with 550 (repeatable)
          --talend-job-seconds <n> Pods of the seed's your-repo/talendjob image print their log over n seconds
                                   (default: 0, at once), so a running pod's log can be followed
          --verbose                Log requests and sessions to standard error
          -h, --help               Show this help
        """

    /// A command line the sandbox cannot run with; the message says which argument.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// `nil` when help was asked for.
    static func parse(_ arguments: [String]) throws -> SandboxOptions? {
        var options = SandboxOptions()
        var remaining = arguments[...]
        func value(of option: String) throws -> String {
            guard let value = remaining.popFirst(), !value.hasPrefix("--") else {
                throw Invalid(description: "\(option) needs a value")
            }
            return value
        }
        func port(of option: String) throws -> Int {
            let text = try value(of: option)
            guard let port = Int(text), (0...65535).contains(port) else {
                throw Invalid(description: "\(option) must be a port number from 0 to 65535, not '\(text)'")
            }
            return port
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help": return nil
            case "--state-dir": options.stateDirectory = try value(of: argument)
            case "--talend-port": options.talendPort = try port(of: argument)
            case "--talend-token": options.talendToken = try value(of: argument)
            case "--smtp-port": options.smtpPort = try port(of: argument)
            case "--mail-dir": options.mailDirectory = try value(of: argument)
            case "--smtp-user": options.smtpUsername = try value(of: argument)
            case "--smtp-password": options.smtpPassword = try value(of: argument)
            case "--smtp-tls":
                let mode = try value(of: argument)
                guard mode == "none" || SMTPSinkTLS.Mode(rawValue: mode) != nil else {
                    throw Invalid(description: "--smtp-tls must be none, starttls or implicit, not '\(mode)'")
                }
                options.smtpTLS = SMTPSinkTLS.Mode(rawValue: mode)
            case "--smtp-require-tls": options.smtpRequireTLS = true
            case "--smtp-reject": options.smtpRejectedRecipients.insert(try value(of: argument))
            case "--talend-job-seconds":
                let text = try value(of: argument)
                guard let seconds = Int(text), (0...3600).contains(seconds) else {
                    throw Invalid(description: "--talend-job-seconds must be a number of seconds from 0 to 3600, not '\(text)'")
                }
                options.talendJobSeconds = seconds
            case "--verbose": options.verbose = true
            default: throw Invalid(description: "unknown argument '\(argument)'")
            }
        }
        if (options.smtpUsername == nil) != (options.smtpPassword == nil) {
            throw Invalid(description: "--smtp-user and --smtp-password go together")
        }
        if options.smtpRequireTLS, options.smtpTLS != .startTLS {
            throw Invalid(description: "--smtp-require-tls needs --smtp-tls starttls")
        }
        return options
    }

    /// The SMTP sink's configuration these options describe.
    var smtpConfiguration: SMTPSinkConfiguration {
        var configuration = SMTPSinkConfiguration(
            rejectedRecipients: smtpRejectedRecipients, mailDirectory: mailDirectory)
        if let smtpUsername, let smtpPassword {
            configuration.credentials = (smtpUsername, smtpPassword)
        }
        return configuration
    }
}
