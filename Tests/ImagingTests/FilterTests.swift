import Imaging
import Testing

@Suite("Gaussian blur, KDE maps and resizing against scipy and OpenCV")
struct FilterTests {
    /// A `[top, left, height, width]` crop of an 8-bit fixture as a plane.
    private func crop(_ name: String, _ box: [Int]) throws -> Plane {
        let image = try ImageFile.read(path: Fixtures.path(name))
        let (top, left, height, width) = (box[0], box[1], box[2], box[3])
        var values: [Double] = []
        for y in top..<(top + height) {
            for x in left..<(left + width) { values.append(Double(image[x, y])) }
        }
        return Plane(width: width, height: height, values: values)
    }

    private func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func gaussianBlurEqualsScipyWithNearestBorder() throws {
        let fixture = try #require(try Fixtures.expected()["gaussian"] as? [String: Any])
        let box = try #require(fixture["crop"] as? [Int])
        let sigma = try #require(fixture["sigma"] as? Double)
        let expected = try #require(fixture["values"] as? [Double])
        let blurred = GaussianBlur(sigma: sigma, border: .replicate).apply(try crop("blobs_u8.png", box))
        // Tolerance: same formula in double precision; summation order may differ by a few ulps.
        #expect(largestDifference(blurred.values, expected) < 1e-9)
    }

    @Test func aKDEMapSumsToOneAndEqualsScipyWithZeroBorder() throws {
        let fixture = try #require(try Fixtures.expected()["kde"] as? [String: Any])
        let box = try #require(fixture["crop"] as? [Int])
        let bandwidth = try #require(fixture["bandwidth"] as? Double)
        let expected = try #require(fixture["values"] as? [Double])
        let plane = try crop("network_mask.png", box)
        let mask = Mask(width: plane.width, height: plane.height, pixels: plane.values.map { $0 > 0 ? 1 : 0 })
        let density = try KDEMap.density(of: mask, bandwidth: bandwidth)
        #expect(abs(density.values.reduce(0, +) - 1) < 1e-12)
        #expect(largestDifference(density.values, expected) < 1e-12)
    }

    @Test func aKDEMapOfAnEmptyMaskThrows() {
        #expect(throws: ImagingError.self) { try KDEMap.density(of: Mask(width: 4, height: 4), bandwidth: 2) }
    }

    @Test func nearestResizeEqualsOpenCVNearestExact() throws {
        let fixture = try #require(try Fixtures.expected()["resize"] as? [String: Any])
        let source = try #require(fixture["nearest_source"] as? [Int])
        let expected = try #require(fixture["nearest_67x53"] as? [Int])
        let labels = LabelMap(width: 40, height: 40, labels: source.map { UInt8($0) })
        let resized = Resize.nearest(labels, width: 67, height: 53)
        #expect(resized.labels.map { Int($0) } == expected)
    }

    @Test(arguments: [(67, 53), (29, 23)])
    func bilinearResizeEqualsOpenCVINTERLINEAROnFloatInput(width: Int, height: Int) throws {
        let fixture = try #require(try Fixtures.expected()["resize"] as? [String: Any])
        let expected = try #require(fixture["bilinear_\(width)x\(height)"] as? [Double])
        let gaussianBox = try #require(
            (try Fixtures.expected()["gaussian"] as? [String: Any])?["crop"] as? [Int])
        let source = try crop("blobs_u8.png", [gaussianBox[0], gaussianBox[1], 40, 40])
        let resized = Resize.bilinear(source, width: width, height: height)
        // OpenCV interpolates in 32-bit floats: values up to 255 agree to about 1e-4.
        #expect(largestDifference(resized.values, expected) < 2e-4)
    }
}

@Suite("planes as pictures")
struct PlanePictureTests {
    @Test func quantizingMapsTheRangeOntoTheBitDepth() {
        let plane = Plane(width: 3, height: 1, values: [0.5, 1.0, 1.5])
        #expect(Image(quantizing: plane, bitDepth: .eight).samples == [0, 128, 255])
        #expect(Image(quantizing: plane).samples == [0, 32768, 65535])
        #expect(Image(quantizing: Plane(width: 2, height: 1, repeating: 3)).samples == [0, 0])
    }
}
