import Foundation
import HardwareSim
import SerialLink
import Testing

/// The hot-plug mechanics of the simulated dongle: a pty behind a stable symlink.
@Suite struct SimulatedDongleTests {
    @Test func appearsBehindItsSymlinkAndDisappearsLikeAnUnplug() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let link = directory.path("ttyIR0")
        let dongle = SimulatedDongle(linkPath: link)
        #expect(!dongle.isPresent)
        #expect(throws: SerialLinkError.self) { try dongle.send([1]) }

        try dongle.appear()
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        #expect(target == dongle.devicePath)
        #expect(target.hasPrefix("/dev/pts/"))

        let port = try SerialPort(device: link, baud: .b9600)
        try dongle.send(Array("hi".utf8))
        #expect(try receiveBytes(2, from: port, timeout: .seconds(2)) == Array("hi".utf8))
        try port.send(Array("yo".utf8))
        #expect(try receiveBytes(2, from: dongle, timeout: .seconds(2)) == Array("yo".utf8))

        dongle.disappear()
        #expect(!dongle.isPresent)
        #expect(!FileManager.default.fileExists(atPath: link))
        #expect(throws: SerialLinkError.self) { _ = try port.receive(maximum: 16, timeout: .seconds(2)) }
        #expect(throws: SerialLinkError.self) { try dongle.send([1]) }

        try dongle.appear()
        let again = try SerialPort(device: link, baud: .b9600)
        try dongle.send(Array("back".utf8))
        #expect(try receiveBytes(4, from: again, timeout: .seconds(2)) == Array("back".utf8))
        dongle.disappear()
    }

    @Test func refusesToReplaceAFileThatIsNotASymlink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("ttyIR0")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        let dongle = SimulatedDongle(linkPath: path)
        #expect(throws: SimulatorFileError.self) { try dongle.appear() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }
}
