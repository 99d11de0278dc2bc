import Imaging
import Testing

@Suite("Otsu and adaptive Gaussian thresholds against scikit-image and OpenCV")
struct ThresholdTests {
    private func otsuExpectation(_ key: String) throws -> [String: Double] {
        let otsu = try #require(try Fixtures.expected()["otsu"] as? [String: [String: Double]])
        return try #require(otsu[key])
    }

    @Test func otsuOnAnEightBitImageEqualsScikitImageAndOpenCV() throws {
        let expected = try otsuExpectation("blobs_u8")
        let image = try ImageFile.read(path: Fixtures.path("blobs_u8.png"))
        let (mask, threshold) = try Otsu.foreground(image)
        #expect(threshold == expected["threshold"])
        #expect(threshold == expected["opencv_threshold"])
        #expect(Double(mask.foregroundCount) == expected["foreground"])
        #expect(mask == (try Fixtures.mask("blobs_u8_otsu.png")))
    }

    @Test func otsuOnASixteenBitImageEqualsScikitImageOnItsOwnScale() throws {
        let expected = try otsuExpectation("network_u16")
        let image = try ImageFile.read(path: Fixtures.path("network_u16.tif"))
        #expect(image.bitDepth == .sixteen)
        let (mask, threshold) = try Otsu.foreground(image)
        #expect(threshold == expected["threshold"])
        #expect(threshold > 255, "on the 16-bit scale, not rescaled to 8 bits")
        #expect(Double(mask.foregroundCount) == expected["foreground"])
    }

    @Test func otsuOnRealValuesUses256BinsLikeScikitImage() throws {
        let expected = try otsuExpectation("network_u16_as_float")
        let image = try ImageFile.read(path: Fixtures.path("network_u16.tif"))
        var plane = image.plane()
        plane.values = plane.values.map { $0 / 65535.0 }
        let (mask, threshold) = Otsu.foreground(plane)
        #expect(threshold == expected["threshold"])
        #expect(Double(mask.foregroundCount) == expected["foreground"])
    }

    @Test func otsuOfAConstantImageIsItsValueWithNoForeground() throws {
        let image = Image(width: 4, height: 3, gray8: [UInt8](repeating: 77, count: 12))
        let (mask, threshold) = try Otsu.foreground(image)
        #expect(threshold == 77)
        #expect(mask.foregroundCount == 0)
    }

    @Test func adaptiveThresholdCountsEqualOpenCVForEveryBlockAndOffset() throws {
        let cases = try #require(try Fixtures.expected()["agt"] as? [[String: Any]])
        #expect(cases.count >= 100)
        var images: [String: Image] = [:]
        for name in ["blobs_u8", "network_u8", "tiny_u8"] {
            images[name] = try ImageFile.read(path: Fixtures.path("\(name).png"))
        }
        for entry in cases {
            let name = try #require(entry["image"] as? String)
            let block = try #require(entry["block"] as? Int)
            let offset = try #require(entry["offset"] as? Double)
            let expected = try #require(entry["foreground"] as? Int)
            let image = try #require(images[name])
            let mask = try AdaptiveThreshold(blockSize: block, offset: offset).foreground(image)
            #expect(mask.foregroundCount == expected, "\(name) block \(block) offset \(offset)")
            if let file = entry["mask"] as? String {
                let reference = try Fixtures.mask(file)
                #expect(
                    differences(mask, reference).isEmpty, "\(file): \(differences(mask, reference).prefix(5))"
                )
            }
        }
    }

    @Test func adaptiveThresholdRefusesEvenBlocksAndSixteenBitImages() throws {
        #expect(throws: ImagingError.self) { try AdaptiveThreshold(blockSize: 4, offset: 0) }
        let image = Image(width: 2, height: 2, channels: 1, bitDepth: .sixteen, samples: [0, 1, 2, 3])
        #expect(throws: ImagingError.self) {
            try AdaptiveThreshold(blockSize: 3, offset: 0).foreground(image)
        }
    }
}
