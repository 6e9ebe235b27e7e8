import Yams

/// Checks the Kubernetes manifests of the deployment example as one set: each object's kind and apiVersion, the
/// fields Kubernetes' schema types (integers, lists, maps), and that the objects fit together (the binding names the
/// Role and ServiceAccount, the Deployment the Secret, the Service the pods' labels and port). Returns every problem
/// found, each naming the object and the field; none for a good set.
struct ManifestChecker {
    typealias Object = [String: Any]

    /// The apiVersion of each kind the example uses.
    static let apiVersions = [
        "Namespace": "v1", "ServiceAccount": "v1", "Secret": "v1", "Service": "v1",
        "Role": "rbac.authorization.k8s.io/v1", "RoleBinding": "rbac.authorization.k8s.io/v1",
        "Deployment": "apps/v1",
    ]

    /// Port `serve` listens on in the image (its ENTRYPOINT).
    var servePort = 8080
    /// The Role's permissions must be exactly these.
    var permissions = PodOperatorPermissions.all

    private(set) var problems: [String] = []

    /// Parses YAML text holding one or more documents. Documents are read one by one with `Parser.nextRoot()`:
    /// `Yams.load_all`'s lazy sequence ends quietly at a syntax error, which would hide a broken manifest.
    static func objects(fromYAML text: String) throws -> [Object] {
        let parser = try Parser(yaml: text)
        var objects: [Object] = []
        while let node = try parser.nextRoot() {
            guard let object = node.any as? Object else { throw ManifestError.notAMapping(String(describing: node.any)) }
            objects.append(object)
        }
        return objects
    }

    enum ManifestError: Error { case notAMapping(String) }

    mutating func check(_ objects: [Object]) -> [String] {
        problems = []
        var byKind: [String: [Object]] = [:]
        for object in objects {
            guard let kind = object["kind"] as? String else {
                problems.append("an object without kind"); continue
            }
            let name = (object["metadata"] as? Object)?["name"] as? String
            if name?.isEmpty ?? true { problems.append("\(kind) without metadata.name") }
            if let expected = Self.apiVersions[kind] {
                let actual = object["apiVersion"] as? String
                if actual != expected { problems.append("\(kind) \(name ?? ""): apiVersion \(actual ?? "none"), expected \(expected)") }
            } else {
                problems.append("unexpected kind \(kind)")
            }
            byKind[kind, default: []].append(object)
        }
        for kind in ["ServiceAccount", "Role", "RoleBinding", "Secret", "Deployment", "Service"] where byKind[kind]?.count != 1 {
            problems.append("expected one \(kind), found \(byKind[kind]?.count ?? 0)")
        }
        guard problems.isEmpty else { return problems }
        let one = { (kind: String) in byKind[kind]![0] }
        checkNamespaces(objects, namespace: byKind["Namespace"]?.first.flatMap { Self.name(of: $0) })
        checkRole(one("Role"))
        checkBinding(one("RoleBinding"), role: one("Role"), account: one("ServiceAccount"))
        checkSecret(one("Secret"))
        checkDeployment(one("Deployment"), account: one("ServiceAccount"), secret: one("Secret"))
        checkService(one("Service"), deployment: one("Deployment"))
        return problems
    }

    static func name(of object: Object) -> String? { (object["metadata"] as? Object)?["name"] as? String }
    static func namespace(of object: Object) -> String? { (object["metadata"] as? Object)?["namespace"] as? String }

    private mutating func checkNamespaces(_ objects: [Object], namespace: String?) {
        let namespaced = objects.filter { $0["kind"] as? String != "Namespace" }
        let namespaces = Set(namespaced.map { Self.namespace(of: $0) ?? "" })
        if namespaces.count != 1 { problems.append("objects in several namespaces: \(namespaces.sorted())") }
        if let namespace, namespaces != [namespace] { problems.append("objects outside namespace \(namespace)") }
    }

    private mutating func checkRole(_ role: Object) {
        guard let rules = role["rules"] as? [Object] else { problems.append("Role: rules is not a list"); return }
        var granted: Set<PodOperatorPermissions.Permission> = []
        for rule in rules {
            guard let groups = rule["apiGroups"] as? [String], let resources = rule["resources"] as? [String],
                let verbs = rule["verbs"] as? [String]
            else { problems.append("Role: a rule without apiGroups, resources and verbs lists"); continue }
            if groups != [""] { problems.append("Role: apiGroups \(groups), the operator only uses the core group") }
            for resource in resources {
                for verb in verbs { granted.insert(.init(resource: resource, verb: verb)) }
            }
        }
        if granted != permissions {
            let extra = granted.subtracting(permissions).sorted(), missing = permissions.subtracting(granted).sorted()
            problems.append("Role: grants \(extra) beyond the operator's calls, lacks \(missing)")
        }
    }

    private mutating func checkBinding(_ binding: Object, role: Object, account: Object) {
        let roleRef = binding["roleRef"] as? Object
        if roleRef?["kind"] as? String != "Role" || roleRef?["name"] as? String != Self.name(of: role)
            || roleRef?["apiGroup"] as? String != "rbac.authorization.k8s.io" {
            problems.append("RoleBinding: roleRef does not name Role \(Self.name(of: role) ?? "")")
        }
        let subjects = binding["subjects"] as? [Object] ?? []
        if !subjects.contains(where: {
            $0["kind"] as? String == "ServiceAccount" && $0["name"] as? String == Self.name(of: account)
                && $0["namespace"] as? String == Self.namespace(of: account)
        }) {
            problems.append("RoleBinding: no subject is ServiceAccount \(Self.name(of: account) ?? "")")
        }
    }

    private mutating func checkSecret(_ secret: Object) {
        guard let data = secret["stringData"] as? [String: Any], data.values.allSatisfy({ $0 is String }) else {
            problems.append("Secret: stringData must map names to strings"); return
        }
        let database = data["UPDRAFT_DATABASE"] as? String ?? ""
        if !database.hasPrefix("postgresql://") { problems.append("Secret: UPDRAFT_DATABASE is not a postgresql:// URL") }
        if !database.contains("sslmode=") { problems.append("Secret: UPDRAFT_DATABASE names no sslmode") }
        if !data.keys.contains(where: { $0.hasPrefix("AIRFLOW_CONN_") }) { problems.append("Secret: no AIRFLOW_CONN_ connection") }
        if !data.keys.contains(where: { $0.hasPrefix("AIRFLOW__SMTP__") }) { problems.append("Secret: no AIRFLOW__SMTP__ setting") }
        // serve binds 0.0.0.0 in the pod: its API server refuses to start without users.
        if (data["UPDRAFT_API_USERS"] as? String)?.contains(":") != true {
            problems.append("Secret: no UPDRAFT_API_USERS (name:password), without which serve refuses 0.0.0.0")
        }
    }

    private mutating func checkDeployment(_ deployment: Object, account: Object, secret: Object) {
        let spec = deployment["spec"] as? Object ?? [:]
        guard let replicas = spec["replicas"] as? Int, (2...3).contains(replicas) else {
            problems.append("Deployment: replicas must be an integer from 2 to 3"); return
        }
        let template = spec["template"] as? Object ?? [:]
        let podLabels = (template["metadata"] as? Object)?["labels"] as? [String: String] ?? [:]
        let selector = (spec["selector"] as? Object)?["matchLabels"] as? [String: String] ?? [:]
        if selector.isEmpty || !selector.allSatisfy({ podLabels[$0.key] == $0.value }) {
            problems.append("Deployment: selector.matchLabels does not match the template's labels")
        }
        let pod = template["spec"] as? Object ?? [:]
        if pod["serviceAccountName"] as? String != Self.name(of: account) {
            problems.append("Deployment: serviceAccountName is not \(Self.name(of: account) ?? "")")
        }
        let podSecurity = pod["securityContext"] as? Object ?? [:]
        if podSecurity["runAsNonRoot"] as? Bool != true { problems.append("Deployment: runAsNonRoot is not true") }
        if let user = podSecurity["runAsUser"] as? Int, user == 0 { problems.append("Deployment: runAsUser is root") }
        guard let containers = pod["containers"] as? [Object], containers.count == 1 else {
            problems.append("Deployment: expected one container"); return
        }
        let container = containers[0]
        let arguments = container["args"] as? [String] ?? []
        let gracePeriod = arguments.firstIndex(of: "--grace-period").flatMap { index in
            index + 1 < arguments.count ? Int(arguments[index + 1]) : nil
        } ?? 60  // ServiceConfiguration.gracePeriod's default
        guard let termination = pod["terminationGracePeriodSeconds"] as? Int, termination > gracePeriod else {
            problems.append("Deployment: terminationGracePeriodSeconds must be an integer above serve's grace period (\(gracePeriod) s)")
            return
        }
        checkContainer(container, pod: pod, secret: secret)
    }

    private mutating func checkContainer(_ container: Object, pod: Object, secret: Object) {
        let ports = container["ports"] as? [Object] ?? []
        guard let http = ports.first(where: { $0["containerPort"] as? Int == servePort }) else {
            problems.append("Deployment: no containerPort \(servePort) (serve's port)"); return
        }
        for probeName in ["livenessProbe", "readinessProbe"] {
            let get = (container[probeName] as? Object)?["httpGet"] as? Object
            let port = get?["port"]
            let portMatches = (port as? Int) == servePort || (port as? String).map { $0 == http["name"] as? String } == true
            if get?["path"] as? String != "/health" || !portMatches {
                problems.append("Deployment: \(probeName) is not an httpGet of /health on port \(servePort)")
            }
        }
        let sources = container["envFrom"] as? [Object] ?? []
        if !sources.contains(where: { ($0["secretRef"] as? Object)?["name"] as? String == Self.name(of: secret) }) {
            problems.append("Deployment: envFrom does not take Secret \(Self.name(of: secret) ?? "")")
        }
        let resources = container["resources"] as? Object ?? [:]
        for part in ["requests", "limits"] {
            let values = resources[part] as? Object ?? [:]
            if values["cpu"] == nil || values["memory"] == nil { problems.append("Deployment: resources.\(part) needs cpu and memory") }
        }
        let security = container["securityContext"] as? Object ?? [:]
        if security["readOnlyRootFilesystem"] as? Bool != true { problems.append("Deployment: readOnlyRootFilesystem is not true") }
        if security["allowPrivilegeEscalation"] as? Bool != false { problems.append("Deployment: allowPrivilegeEscalation is not false") }
        checkHome(container, pod: pod)
    }

    /// UPDRAFT_HOME must be writable on a read-only root: an emptyDir mounted at that path.
    private mutating func checkHome(_ container: Object, pod: Object) {
        let env = container["env"] as? [Object] ?? []
        guard let home = env.first(where: { $0["name"] as? String == "UPDRAFT_HOME" })?["value"] as? String else {
            problems.append("Deployment: UPDRAFT_HOME is not set"); return
        }
        let mounts = container["volumeMounts"] as? [Object] ?? []
        let volumes = pod["volumes"] as? [Object] ?? []
        guard let mount = mounts.first(where: { $0["mountPath"] as? String == home }),
            let volume = volumes.first(where: { $0["name"] as? String == mount["name"] as? String }),
            volume["emptyDir"] != nil
        else { problems.append("Deployment: UPDRAFT_HOME \(home) is not an emptyDir volume"); return }
    }

    private mutating func checkService(_ service: Object, deployment: Object) {
        let spec = service["spec"] as? Object ?? [:]
        let template = (deployment["spec"] as? Object)?["template"] as? Object
        let podLabels = (template?["metadata"] as? Object)?["labels"] as? [String: String] ?? [:]
        let selector = spec["selector"] as? [String: String] ?? [:]
        if selector.isEmpty || !selector.allSatisfy({ podLabels[$0.key] == $0.value }) {
            problems.append("Service: selector does not match the Deployment's pods")
        }
        let container = ((template?["spec"] as? Object)?["containers"] as? [Object])?.first
        let portNames = Set((container?["ports"] as? [Object] ?? []).compactMap { $0["name"] as? String })
        let ports = spec["ports"] as? [Object] ?? []
        let reachesServe = ports.contains { port in
            guard port["port"] is Int else { return false }
            let target = port["targetPort"]
            return (target as? Int) == servePort || (target as? String).map(portNames.contains) == true
        }
        if !reachesServe { problems.append("Service: no port reaches serve's port \(servePort)") }
    }
}
