// The benchmark contract (bench/README.md) written as a QML application would write it.
import SocketIo

SocketIoServer {
    id: io
    listening: false // main.cpp sets host and port, then calls listen()

    property var counts: ({ inbound: 0, disconnects: {} })

    function nowUs() {
        // The payload timestamps are read by the load generator only; the server needs none.
        return Date.now() * 1000
    }

    onConnection: (socket) => {
        socket.disconnected.connect((reason) => {
            const entry = counts.disconnects[reason] || { count: 0, first_us: nowUs() }
            entry.count += 1
            entry.last_us = nowUs()
            counts.disconnects[reason] = entry
        })
        socket.on("ping", () => {})
        socket.on("inbound", () => { counts.inbound += 1 })
        socket.on("count", (args, ack) => {
            if (ack)
                ack({ inbound: counts.inbound, disconnects: counts.disconnects })
        })
        socket.on("reset", (args, ack) => {
            counts.inbound = 0
            if (ack)
                ack(true)
        })
        socket.on("echo", (args, ack) => {
            if (ack)
                ack(...args)
        })
        socket.on("join", (args, ack) => {
            socket.join(args[0])
            if (ack)
                ack(true)
        })
        socket.on("bcast", (args) => io.to("fanout").emitEvent("bcast", args[0]))
        socket.on("chat", (args) => socket.to(args[0].room).emitEvent("chat", args[0]))
    }
}
