import Imaging
import Testing

@Suite("morphology, skeleton and components against scikit-image")
struct MorphologyTests {
    static let masks = ["network", "blobs", "noise"]

    @Test(arguments: masks)
    func the3x3DilationEqualsScikitImagesBinaryDilation(name: String) throws {
        let result = try Fixtures.mask("\(name)_mask.png").dilated()
        let expected = try Fixtures.mask("\(name)_dilate.png")
        #expect(differences(result, expected).isEmpty, "\(differences(result, expected).prefix(5))")
    }

    @Test(arguments: masks)
    func the3x3ErosionEqualsScikitImagesBinaryErosion(name: String) throws {
        let result = try Fixtures.mask("\(name)_mask.png").eroded()
        let expected = try Fixtures.mask("\(name)_erode.png")
        #expect(differences(result, expected).isEmpty, "\(differences(result, expected).prefix(5))")
    }

    @Test(arguments: masks)
    func aDilationFollowedByTwoErosionsEqualsScikitImages(name: String) throws {
        let result = try Fixtures.mask("\(name)_mask.png").applying([.dilate, .erode, .erode])
        let expected = try Fixtures.mask("\(name)_dilate_erode_erode.png")
        #expect(differences(result, expected).isEmpty, "\(differences(result, expected).prefix(5))")
    }

    @Test(arguments: masks)
    func theSkeletonEqualsScikitImagesSkeletonizePixelForPixel(name: String) throws {
        let source = try Fixtures.mask("\(name)_mask.png")
        let result = source.skeletonized()
        let expected = try Fixtures.mask("\(name)_skeleton.png")
        #expect(result.foregroundCount > 0 && result.foregroundCount < source.foregroundCount)
        #expect(differences(result, expected).isEmpty, "\(differences(result, expected).prefix(5))")
    }

    @Test func pixelsOutsideTheImageNeverChangeAResult() {
        let full = Mask(width: 5, height: 4, pixels: [UInt8](repeating: 1, count: 20))
        #expect(full.eroded() == full)
        let empty = Mask(width: 5, height: 4)
        #expect(empty.dilated() == empty)
        // A single corner pixel dilates into the 2x2 block inside the image only.
        var corner = Mask(width: 3, height: 3)
        corner[0, 0] = 1
        #expect(corner.dilated().pixels == [1, 1, 0, 1, 1, 0, 0, 0, 0])
    }

    @Test func aSkeletonOfASkeletonIsItself() throws {
        let skeleton = try Fixtures.mask("network_skeleton.png")
        #expect(skeleton.skeletonized() == skeleton)
    }

    @Test(
        "components are numbered as scikit-image's label numbers them",
        arguments: masks, [ConnectedComponents.Connectivity.four, .eight])
    func componentsMatchScikitImage(name: String, connectivity: ConnectedComponents.Connectivity) throws {
        let components = ConnectedComponents(
            try Fixtures.mask("\(name)_mask.png"), connectivity: connectivity)
        let expected = try ImageFile.read(path: Fixtures.path("\(name)_labels\(connectivity.rawValue).png"))
        #expect(components.labels.map { UInt16($0) } == expected.samples)
        #expect(components.count == Int(expected.samples.max() ?? 0))
        #expect(components.count > 1)
        #expect(components.sizes.reduce(0, +) == expected.samples.filter { $0 > 0 }.count)
    }
}
