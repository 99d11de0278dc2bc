import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct NetworkFileSystemTests {
    @Test(arguments: [
        (Int64(0x6969), "nfs"), (0x517B, "smb"), (0xFF53_4D42, "cifs"), (0xFE53_4D42, "smb2"),
        (0x0BD0_0BD0, "lustre"), (0x4750_4653, "gpfs"), (0x00C3_6400, "ceph"), (0x1983_0326, "beegfs"),
        (0x5346_414F, "afs"),
    ])
    func networkFileSystemsAreNamedByTheirMagicNumber(type: Int64, name: String) {
        #expect(NetworkFileSystem.name(forType: type) == name)
    }

    @Test func localFileSystemsAreNotNetworkOnes() {
        // ext4, xfs, btrfs, tmpfs, overlayfs, zfs.
        for type: Int64 in [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0x794C_7630, 0x2FC1_2FC1] {
            #expect(NetworkFileSystem.name(forType: type) == nil, "\(String(type, radix: 16))")
        }
        // statfs's f_type is a signed long: a magic number with its top bit set arrives negative.
        #expect(NetworkFileSystem.name(forType: Int64(Int32(bitPattern: 0xFF53_4D42))) == "cifs")
    }

    @Test func theTestsTemporaryDirectoryIsLocal() throws {
        let directory = try TemporaryDirectory()
        #expect(NetworkFileSystem.holding(path: directory.path("new.sqlite")) == nil)
        #expect(NetworkFileSystem.holding(path: directory.url.path) == nil)
    }
}
