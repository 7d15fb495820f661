// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIoServer.parser and SocketIoClient.parser "msgpack": npm socket.io-msgpack-parser's
// packets on both sides, binary values included; a client of the default parser is refused.

import QtQuick
import QtTest
import SocketIo

TestCase {
    id: testCase
    name: "MsgpackParser"

    property var received: []

    SocketIoServer {
        id: server
        host: "127.0.0.1"
        port: 0
        parser: "msgpack"
        onConnection: (socket) => {
            socket.on("echo", (args, ack) => {
                testCase.received.push(args)
                socket.emitEvent("echoed", ...args)
                if (ack)
                    ack(...args)
            })
        }
    }

    Component {
        id: clientComponent
        SocketIoClient {
            active: false
            reconnection: false
        }
    }

    function makeClient(properties) {
        const props = Object.assign({ url: "http://127.0.0.1:" + server.port }, properties)
        const client = createTemporaryObject(clientComponent, testCase, props)
        verify(client !== null, "client created")
        return client
    }

    function bytes(values) {
        const buffer = new ArrayBuffer(values.length)
        const view = new Uint8Array(buffer)
        for (let i = 0; i < values.length; ++i)
            view[i] = values[i]
        return buffer
    }

    function byteList(buffer) {
        return Array.from(new Uint8Array(buffer))
    }

    function init() {
        received = []
    }

    function test_parser_properties() {
        tryVerify(() => server.listening, 5000)
        compare(server.parser, "msgpack")
        compare(makeClient({}).parser, "default")
        compare(makeClient({ parser: "msgpack" }).parser, "msgpack")
    }

    function test_binary_both_ways_data() {
        return [
            { tag: "polling", transports: ["polling"] },
            { tag: "websocket", transports: ["websocket"] },
        ]
    }

    function test_binary_both_ways(data) {
        const client = makeClient({ parser: "msgpack", transports: data.transports })
        let pushed = null
        client.on("echoed", (args) => { pushed = args })
        client.open()
        tryVerify(() => client.connected, 5000, "client connected")
        let answer = null
        client.emitEvent("echo", "x", { deep: [bytes([1, 2, 255])] }, (...args) => { answer = args })
        tryVerify(() => answer !== null && pushed !== null, 5000, "ack and event")
        compare(received.length, 1)
        compare(answer[0], "x")
        compare(byteList(answer[1].deep[0]), [1, 2, 255])
        compare(byteList(pushed[1].deep[0]), [1, 2, 255])
    }

    function test_default_parser_is_refused() {
        tryVerify(() => server.listening, 5000)
        const client = makeClient({})
        client.open()
        // The refusal is the absence of a connection: its text CONNECT closes the session.
        wait(300)
        verify(!client.connected, "a default-parser client does not connect")
        compare(received.length, 0)
    }
}
