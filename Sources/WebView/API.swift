internal import ArtifactStore
internal import Foundation
internal import Hummingbird

/// The JSON endpoints under `/api/`: each answers exactly what the CLI command it mirrors prints
/// with `--json` (`CommandJSON`, the same encoder, and the same final newline), so a notebook can
/// switch between the two. Errors are `{"error": "…"}` with status 400 or 404.
struct API: Sendable {
    let store: Store

    /// `/api/runs` returns at most this many runs unless `limit` says otherwise (the
    /// `X-Total-Count` header gives the total, for paging with `offset`).
    static let defaultLimit = 1000

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/runs") { request, _ in
            await json(request) { query in
                let parsed = try RunQuery(
                    filter: query["filter"].flatMap { $0.isEmpty ? nil : $0 },
                    sort: query["sort"].flatMap { $0.isEmpty ? nil : $0 },
                    limit: try query.integer("limit", default: Self.defaultLimit, in: 0...Int(Int32.max)),
                    offset: try query.integer("offset", default: 0, in: 0...Int(Int32.max)),
                    names: try store.filterNames())
                let total = try store.countRuns(parsed.filter)
                var fields = HTTPFields()
                if let name = HTTPFields.Element.Name("X-Total-Count") { fields[name] = String(total) }
                return (try store.runs(parsed).map(RunJSON.init), fields)
            }
        }
        router.get("/api/runs/:id") { request, context in
            let text = context.parameters.get("id") ?? ""
            return await json(request) { _ in
                let id = try RunLookup.resolve(text, in: store)
                guard let record = try store.run(id) else { throw WebError.notFound("no run \(id.hex)") }
                return (
                    RunDetailJSON(record, divergentCopies: try store.divergentCopies(of: id)), HTTPFields()
                )
            }
        }
        router.get("/api/diff") { request, _ in
            await json(request) { query in
                guard let a = query["a"], let b = query["b"] else {
                    throw WebError.badRequest("diff needs two runs: /api/diff?a=ID&b=ID")
                }
                let comparison = try store.compare(
                    RunLookup.resolve(a, in: store), RunLookup.resolve(b, in: store))
                return (DiffJSON(comparison), HTTPFields())
            }
        }
        router.get("/api/lineage/:id") { request, context in
            let text = context.parameters.get("id") ?? ""
            return await json(request) { _ in
                let prefix: IDPrefix
                do {
                    prefix = try IDPrefix(text)
                } catch {
                    throw WebError.notFound("'\(text)' is not an id (8 to 64 hex characters)")
                }
                let id: ContentID
                do {
                    id = try store.resolveRun(prefix)
                } catch StoreError.notFound {
                    id = try store.resolveBlob(prefix)
                }
                return (LineageJSON(try store.lineage(of: id)), HTTPFields())
            }
        }
        router.get("/api/seeds") { request, _ in
            await json(request) { query in
                let repeats =
                    query["repeats"] == nil ? nil : try query.integer("repeats", default: 1, in: 1...10_000)
                let audit = try store.seedAudit(expectedRepeats: repeats)
                let divergent = try store.divergentCopyCounts()
                return (audit.configurations.map { SeedsJSON($0, divergent: divergent) }, HTTPFields())
            }
        }
        router.get("/api/status") { request, _ in
            await json(request) { _ in (try store.runsFingerprint(), HTTPFields()) }
        }
        router.get("/api/**") { request, _ in
            Self.error(.notFound("no endpoint \(request.uri.path)"))
        }
    }

    private func json(
        _ request: Request,
        _ body: @escaping @Sendable (QueryItems) throws -> (any Encodable & Sendable, HTTPFields)
    ) async -> Response {
        let query = QueryItems(rawQuery: request.uri.query)
        return await WebServer.offload {
            let (value, extra) = try body(query)
            var headers = WebServer.securityHeaders
            headers[.contentType] = "application/json; charset=utf-8"
            headers.append(contentsOf: extra)
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: try CommandJSON.text(value) + "\n")))
        } failure: {
            Self.error($0)
        }
    }

    static func error(_ error: WebError) -> Response {
        var headers = WebServer.securityHeaders
        headers[.contentType] = "application/json; charset=utf-8"
        let text = (try? CommandJSON.text(["error": error.description])) ?? "{}"
        return Response(
            status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
