public import ArtifactStore
internal import Foundation
public import Hummingbird
internal import Logging
internal import Synchronization

/// The web view of one msdb database: pages for people and a JSON API for notebooks, all
/// read-only. Every route answers from the store at the time of the request, so the pages follow
/// a `reproduce` running in another process.
///
/// Safety: every value from the database reaches a page through `HTML` (escaped); no part of a
/// request names a file (artifacts are looked up by id in the database, pages are built in memory);
/// an unknown id is a 404 page, a bad filter a 400 with the parser's message.
public struct WebServer: Sendable {
    public let store: Store
    /// The database path as the user gave it (shown in the recreate commands).
    public let databasePath: String
    private let reportCache = RecentCache<HTML>()
    private let seedCache = RecentCache<SeedsPage.Audit>()

    public init(store: Store, databasePath: String) {
        self.store = store
        self.databasePath = databasePath
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/runs"]) }
        router.get("/runs") { request, _ in
            await page(request) { query in try RunsPage(store: store).render(query) }
        }
        router.get("/runs/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await page(request) { _ in
                (200, try RunPage(store: store, databasePath: databasePath).render(id))
            }
        }
        router.get("/compare") { request, _ in
            await page(request) { query in (200, try ComparePage(store: store).render(query)) }
        }
        router.get("/reports") { request, _ in
            await page(request) { query in
                let key = (request.uri.query ?? "") + "|" + String(describing: try store.runsFingerprint())
                return (200, try reportCache.value(for: key) { try ReportsPage(store: store).render(query) })
            }
        }
        router.get("/seeds") { request, _ in
            await page(request) { query in (200, try SeedsPage(store: store, cache: seedCache).render(query))
            }
        }
        router.get("/artifacts/:file") { request, context in
            let file = context.parameters.get("file") ?? ""
            return await Self.offload {
                guard file.hasSuffix(".png"), let id = ContentID(hex: String(file.dropLast(4))) else {
                    throw WebError.notFound("artifacts are /artifacts/ID.png with a full 64-character id")
                }
                return Self.bytes(try ArtifactPreview.png(id, store: store), type: "image/png")
            } failure: {
                Self.htmlError($0)
            }
        }
        router.get("/api") { _, _ in Self.html(APIIndexPage.html) }
        API(store: store).register(on: router)
        router.get("**") { request, _ in
            Self.htmlError(.notFound("no page \(request.uri.path)"))
        }
        return router
    }

    /// The application listening on `host:port` (port 0: any free port); `onRunning` receives
    /// the port it bound.
    public func application(
        host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        // Hummingbird's own lines ("Server started …") would repeat msdb-serve's; warnings and
        // errors still reach stderr.
        var logger = Logger(label: "msdb-serve")
        logger.logLevel = .warning
        return Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "msdb"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    // MARK: Responses

    /// A page: 200 or the status the page chose, errors as error pages.
    private func page(_ request: Request, _ render: @escaping @Sendable (QueryItems) throws -> (Int, HTML))
        async -> Response
    {
        let query = QueryItems(rawQuery: request.uri.query)
        return await Self.offload {
            let (status, html) = try render(query)
            return Self.html(html, status: HTTPResponse.Status(code: status))
        } failure: {
            Self.htmlError($0)
        }
    }

    /// Runs `body` off the server's threads (store reads block) and maps its errors with `failure`.
    static func offload(
        _ body: @escaping @Sendable () throws -> Response,
        failure: @escaping @Sendable (WebError) -> Response
    ) async -> Response {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(returning: failure(Self.webError(error)))
                }
            }
        }
    }

    /// Any error as a `WebError`; store errors that mean "no such thing" become 404s, filter errors
    /// 400s, anything else a 500 (carried as `.server`).
    static func webError(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: error
        case let error as FilterError: .badRequest(error.description)
        case StoreError.notFound(let what, let id): .notFound("no \(what) \(id)")
        case StoreError.malformedID(let text): .notFound("'\(text)' is not an id")
        default: .server(String(describing: error))
        }
    }

    static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }

    static func bytes(_ bytes: [UInt8], type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        // Artifacts are content-addressed: the bytes behind an id never change.
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func htmlError(_ error: WebError) -> Response {
        let body: HTML =
            "<h1>\(error.title)</h1><div class=\"error\" id=\"error-message\">\(error.description)</div>"
        return html(Layout.page(title: error.title, active: "", body: body), status: error.status)
    }

    /// No sniffing, no framing, scripts and styles only from the page itself.
    static let securityHeaders: HTTPFields = [
        .xContentTypeOptions: "nosniff",
        .contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            + "frame-ancestors 'none'",
    ]
}

extension WebError {
    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .server: .internalServerError
        }
    }

    var title: String {
        switch self {
        case .notFound: "Not found"
        case .badRequest: "Bad request"
        case .server: "Server error"
        }
    }
}

/// The last few values computed for a (request, database state) key: a page that reads every run
/// (the reports assemble a profile's results, the seed audit groups every spec) is computed once
/// per change of the runs table, not once per request.
final class RecentCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[(key: String, value: Value)]>([])
    private static var capacity: Int { 8 }

    func value(for key: String, make: () throws -> Value) throws -> Value {
        if let hit = entries.withLock({ $0.first { $0.key == key }?.value }) { return hit }
        let value = try make()
        entries.withLock { entries in
            entries.insert((key, value), at: 0)
            if entries.count > Self.capacity { entries.removeLast() }
        }
        return value
    }
}
