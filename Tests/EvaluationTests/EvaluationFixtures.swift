import Foundation
import Testing

/// `Fixtures/cases.json`, made by `Fixtures/make_fixtures.py` with scikit-learn.
struct EvaluationCases: Decodable {
    struct BinaryImage: Decodable {
        let truth: [UInt8]
        let prediction: [UInt8]
        let scores: [Double]
    }

    struct Pooled: Decodable {
        let tp: Int
        let fp: Int
        let fn: Int
        let tn: Int
        let dice: Double
        let iou: Double
        let accuracy: Double
        let auc: Double
        let bestThreshold: Double
        let bestIou: Double
    }

    struct Binary: Decodable {
        let images: [BinaryImage]
        let pooled: Pooled
        let perImageAuc: [Double]
    }

    struct MultiClass: Decodable {
        let classes: Int
        let truth: [UInt8]
        let prediction: [UInt8]
        let confusion: [Int]
        let perClassIou: [Double?]
        let miou: Double
        let accuracy: Double
    }

    let binary: Binary
    let multiclass: MultiClass

    static func load() throws -> EvaluationCases {
        let url = try #require(
            Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(EvaluationCases.self, from: Data(contentsOf: url))
    }
}
