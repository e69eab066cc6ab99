import Foundation

/// Reading an input file (topology, scenario, fault schedule) as JSON.
public enum InputFile {
    /// The largest input file read: 64 MiB. A bigger file (or an endless one such as
    /// `/dev/zero`) is refused instead of filling memory.
    public static let maximumBytes = 64 << 20

    /// The JSON document at `path`, as the root `InputNode`. Every error (a missing or
    /// unreadable file, a directory, a FIFO or other non-regular file, a file over
    /// `maximumBytes`, invalid UTF-8, a JSON
    /// syntax error) is an `InputError` whose `file` is `path`.
    public static func readJSON(path: String) throws(InputError) -> InputNode {
        try parseJSON(try read(path: path), file: path)
    }

    /// The bytes of the file at `path`, at most `maximumBytes`; errors name the file.
    static func read(path: String) throws(InputError) -> [UInt8] {
        // An empty path is named '' so that the error still names the file it is about.
        // About the whole file: no place in it to name.
        func failure(_ message: String) -> InputError { InputError(file: path.isEmpty ? "''" : path, location: "", message: message) }
        guard !path.isEmpty else { throw failure("no such file (the path is empty)") }
        // A NUL cannot be part of a path; Foundation would cut the path at it.
        guard !path.utf8.contains(0) else { throw failure("no such file (the path contains a NUL character)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw failure("no such file") }
        guard !isDirectory.boolValue else { throw failure("is a directory, not a file") }
        // Opened without blocking and checked before reading: opening a FIFO for reading
        // would wait forever for a writer, and a FIFO, a socket or a device may never end.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read the file (is it readable?)") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw failure("is not a regular file (a FIFO, socket or device?); an input file must be a regular file")
        }
        guard status.st_size <= maximumBytes else {
            close(descriptor)
            throw failure("the file is larger than \(maximumBytes >> 20) MiB; an input file is a small JSON document")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw failure("cannot read the file: \(error.localizedDescription)")
        }
        guard data.count <= maximumBytes else {
            throw failure("the file is larger than \(maximumBytes >> 20) MiB; an input file is a small JSON document")
        }
        return [UInt8](data)
    }

    /// Parses `bytes`, the contents of `file`, as one JSON document. Errors (invalid UTF-8,
    /// JSON syntax) are `InputError`s whose `file` is `file`.
    public static func parseJSON(_ bytes: [UInt8], file: String) throws(InputError) -> InputNode {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var offset = 0
            // Find the first byte where decoding fails, to point at it.
            var decoder = UTF8()
            var iterator = bytes.makeIterator()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput, .error: break loop
                }
            }
            throw InputError(file: file, location: "$", message: "the file is not UTF-8 text (invalid byte at offset \(offset))")
        }
        // A byte order mark, as some editors write, is not part of the document.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        do {
            return InputNode(try JSONParser.parse(body))
        } catch {
            throw error.inFile(file)
        }
    }
}
