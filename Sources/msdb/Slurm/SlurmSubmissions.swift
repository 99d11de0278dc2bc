import Foundation

/// What `reproduce --executor slurm` submitted from one shard directory, kept there as
/// `submissions.json`, so a later call can name the Slurm task behind a run that left no result
/// and withdraw a merge job that will never start.
struct SlurmSubmission: Codable {
    /// The array job, the merge job that depends on it, and the plan positions of its tasks.
    var arrayJob: String?
    var mergeJob: String
    var positions: [Int]

    enum CodingKeys: String, CodingKey {
        case positions
        case arrayJob = "array_job"
        case mergeJob = "merge_job"
    }

    /// The file in `shards`.
    static func path(in shards: String) -> String { "\(shards)/submissions.json" }

    /// Every submission recorded in `shards`, oldest first (none for a new directory).
    static func load(from shards: String) throws -> [SlurmSubmission] {
        let path = path(in: shards)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode(
                [SlurmSubmission].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CLIError("\(path) is not a submissions file msdb wrote: \(error)")
        }
    }

    /// Writes `all` to `shards` (through a temporary file, so a crash leaves the old list).
    static func save(_ all: [SlurmSubmission], to shards: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(all).write(to: URL(fileURLWithPath: path(in: shards)), options: .atomic)
    }
}
