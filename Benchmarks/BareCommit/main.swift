import CMicroHTTPD
import Foundation

let args = CommandLine.arguments
guard args.count == 3, let port = UInt16(args[2]) else {
    FileHandle.standardError.write(Data("usage: lc-bare-commit DATABASE PORT\n".utf8))
    exit(64)
}
let baseline = try Baseline(path: args[1])
let context = Unmanaged.passRetained(baseline).toOpaque()
let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue)
let options: [CVarArg] = [
    MHD_OPTION.THREAD_POOL_SIZE.rawValue, UInt32(8),
    MHD_OPTION.CONNECTION_TIMEOUT.rawValue, UInt32(30),
    MHD_OPTION.NOTIFY_COMPLETED.rawValue, unsafeBitCast(Callbacks.completed, to: OpaquePointer.self), OpaquePointer(context),
    MHD_OPTION.END.rawValue,
]
guard withVaList(options, { MHD_start_daemon_va(flags, port, nil, nil, Callbacks.access, context, $0) }) != nil else {
    FileHandle.standardError.write(Data("lc-bare-commit: cannot bind port \(port)\n".utf8))
    exit(1)
}
FileHandle.standardOutput.write(Data("ready\n".utf8))
while true { sleep(60) }
