public import CanonicalJSON
public import NumericCore
internal import Runs

/// The `checkpoint` artifact (schema/README.md): everything needed to resume training bit for bit.
///
/// Bytes: magic `MSDBCKP1`; `header_length` u32 little-endian; the header as canonical JSON;
/// then every tensor's values as little-endian binary32 in header order (NCHW, contiguous). Nothing
/// follows the last tensor. The header is
/// `{"architecture": name, "epoch": n, "history": {…}, "hyperparameters": {…},
/// "tensors": [[name, shape], …]}` where `epoch` counts the completed epochs, `history` holds the
/// curves so far (`{"dice": [...], "loss": [...]}`, so a resumed run ends with the whole curves)
/// and tensor names are `parameter/<name>`, `buffer/<name>` and `velocity/<name>` (SGD momentum;
/// absent for a parameter that has not taken a step yet).
///
/// Decoding refuses, with an `RunError.invalidCheckpoint` naming the problem: another magic, a
/// header that is not canonical JSON of that form, bytes missing or left over (a truncated file),
/// and non-finite values (a diverged network is not a state to resume from).
public struct Checkpoint: Sendable, Equatable {
    /// One named tensor.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var tensor: Tensor

        public init(name: String, tensor: Tensor) {
            self.name = name
            self.tensor = tensor
        }
    }

    /// The 8-byte magic.
    public static let magic = Array("MSDBCKP1".utf8)

    /// The network's architecture name (`unet`, `deeplabv3plus`).
    public var architecture: String
    /// The network's sizes and the training settings, as the spec records them.
    public var hyperparameters: [String: JSONValue]
    /// Completed epochs.
    public var epoch: Int
    /// Curves so far, by metric name.
    public var history: [String: [Double]]
    /// The tensors in encoding order.
    public var entries: [Entry]

    public init(
        architecture: String, hyperparameters: [String: JSONValue], epoch: Int, history: [String: [Double]],
        entries: [Entry]
    ) {
        self.architecture = architecture
        self.hyperparameters = hyperparameters
        self.epoch = epoch
        self.history = history
        self.entries = entries
    }

    /// The header as one JSON value.
    var header: JSONValue {
        .object([
            "architecture": .string(architecture),
            "epoch": .integer(Int64(epoch)),
            "history": .object(history.mapValues { .array($0.map(JSONValue.number)) }),
            "hyperparameters": .object(hyperparameters),
            "tensors": .array(
                entries.map {
                    .array([.string($0.name), .array($0.tensor.shape.map { .integer(Int64($0)) })])
                }),
        ])
    }

    /// The canonical bytes stored as the `checkpoint` artifact.
    ///
    /// - Precondition: every value is finite (a checkpoint of a diverged network is a bug upstream).
    public var canonicalBytes: [UInt8] {
        let headerBytes = header.canonicalBytes
        var bytes = Self.magic
        withUnsafeBytes(of: UInt32(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += headerBytes
        for entry in entries {
            precondition(
                entry.tensor.scalars.allSatisfy(\.isFinite),
                "Checkpoint: tensor \(entry.name) holds a non-finite value")
            bytes += entry.tensor.littleEndianBytes
        }
        return bytes
    }

    /// Decodes stored bytes, checking the magic, the header, the length and every value.
    public init(canonicalBytes bytes: [UInt8]) throws {
        func invalid(_ reason: String) -> RunError { .invalidCheckpoint(reason: reason) }
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else {
            throw invalid("not a checkpoint (no MSDBCKP1 magic)")
        }
        let headerLength = Int(
            UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
        guard bytes.count >= 12 + headerLength else {
            throw invalid("truncated header: \(bytes.count - 12) of \(headerLength) bytes")
        }
        let headerBytes = Array(bytes[12..<(12 + headerLength)])
        let header: JSONValue
        do {
            header = try JSONParser.parse(headerBytes)
        } catch {
            throw invalid("header is not JSON: \(error)")
        }
        guard header.canonicalBytes == headerBytes else { throw invalid("header is not canonical JSON") }
        guard let architecture = header["architecture"]?.stringValue,
            let epoch = header["epoch"]?.integerValue, epoch >= 0,
            case .object(let hyperparameters) = header["hyperparameters"],
            case .object(let historyMembers) = header["history"],
            let tensorList = header["tensors"]?.arrayValue
        else {
            throw invalid("header lacks architecture, epoch, history, hyperparameters or tensors")
        }
        var history: [String: [Double]] = [:]
        for (name, values) in historyMembers {
            guard let doubles = values.arrayValue?.compactMap(\.doubleValue),
                doubles.count == values.arrayValue?.count
            else { throw invalid("history '\(name)' is not a list of numbers") }
            history[name] = doubles
        }
        var shapes: [(name: String, shape: [Int])] = []
        for item in tensorList {
            guard let pair = item.arrayValue, pair.count == 2, let name = pair[0].stringValue,
                let dimensions = pair[1].arrayValue?.compactMap(\.integerValue),
                dimensions.count == pair[1].arrayValue?.count,
                dimensions.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) })
            else { throw invalid("malformed tensor entry \(item.canonicalText)") }
            shapes.append((name, dimensions.map { Int($0) }))
        }
        var offset = 12 + headerLength
        var entries: [Entry] = []
        for (name, shape) in shapes {
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            let length = 4 * count
            guard count >= 0, bytes.count - offset >= length else {
                throw invalid(
                    "truncated: tensor \(name) \(shape) needs \(length) bytes, \(bytes.count - offset) left")
            }
            guard
                let tensor = Tensor(shape: shape, littleEndianBytes: Array(bytes[offset..<(offset + length)]))
            else { throw invalid("tensor \(name) has a malformed shape \(shape)") }
            if let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                throw invalid("tensor \(name) holds \(tensor.scalars[index]) at index \(index)")
            }
            entries.append(Entry(name: name, tensor: tensor))
            offset += length
        }
        guard offset == bytes.count else {
            throw invalid("\(bytes.count - offset) bytes follow the last tensor")
        }
        self.init(
            architecture: architecture, hyperparameters: hyperparameters, epoch: Int(epoch), history: history,
            entries: entries)
    }
}
