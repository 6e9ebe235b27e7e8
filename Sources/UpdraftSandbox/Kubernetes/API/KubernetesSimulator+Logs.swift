extension KubernetesSimulator {
    /// `GET …/pods/{name}/log`: 200 `text/plain` (streamed while following), 204 before the pod is bound,
    /// 400 with the kubelet's words for a container that is not running, 404 for a missing pod.
    func podLog(_ request: SandboxHTTPRequest, namespace: String, name: String) throws(KubernetesAPIError)
        -> SandboxHTTPResponse
    {
        let options = try KubernetesLogOptions(podName: name, query: request.queryValue)
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let headers = [("Content-Type", "text/plain")]
        let cut = SandboxStreamCut()
        switch try store.openLog(
            namespace: namespace, name: name, options: options, continuation: continuation, cut: cut)
        {
        case .noContent:
            return SandboxHTTPResponse(status: 204)
        case .complete(let bytes):
            return SandboxHTTPResponse(status: 200, headers: headers, body: .bytes(bytes))
        case .streaming(let id):
            let store = store
            KubernetesStore.remove(whenFinished: continuation) { store.removeFollower(id) }
            var response = SandboxHTTPResponse(status: 200, headers: headers, body: .stream(stream))
            response.cut = cut
            return response
        }
    }
}
