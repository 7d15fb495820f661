// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIoServer.allowEIO3: a Socket.IO 2 client's Engine.IO 3 handshake (a
// plain HTTP long-polling GET, here from QML's XMLHttpRequest) is answered,
// and the server connects "/" for it at once, with the engine id as the
// socket id; without the option the handshake is refused.

import QtQuick
import QtTest
import SocketIo

TestCase {
    id: testCase
    name: "AllowEIO3"

    property var connected: []

    SocketIoServer {
        id: legacy
        host: "127.0.0.1"
        port: 0
        allowEIO3: true
        onConnection: (socket) => testCase.connected.push(socket.id)
    }

    SocketIoServer {
        id: modern
        host: "127.0.0.1"
        port: 0
    }

    // GET /socket.io/?EIO=3&transport=polling[&sid=…]; resolves into `result`.
    function poll(server, sid) {
        const result = { status: 0, text: "" }
        const request = new XMLHttpRequest()
        let url = "http://127.0.0.1:" + server.port + "/socket.io/?EIO=3&transport=polling"
        if (sid)
            url += "&sid=" + sid
        request.onreadystatechange = () => {
            if (request.readyState === XMLHttpRequest.DONE) {
                result.text = request.responseText
                result.status = request.status
            }
        }
        request.open("GET", url)
        request.send()
        return result
    }

    // "<length>:<packet>" repeated (Engine.IO 3 text payload).
    function decodeV3(payload) {
        const packets = []
        let rest = payload
        while (rest.length > 0) {
            const colon = rest.indexOf(":")
            verify(colon > 0, "a length prefix in " + payload)
            const length = Number(rest.slice(0, colon))
            packets.push(rest.slice(colon + 1, colon + 1 + length))
            rest = rest.slice(colon + 1 + length)
        }
        return packets
    }

    function test_property() {
        compare(legacy.allowEIO3, true)
        compare(modern.allowEIO3, false)
    }

    function test_legacy_handshake_connects_root() {
        tryVerify(() => legacy.listening, 5000)
        const handshake = poll(legacy)
        tryVerify(() => handshake.status !== 0, 5000, "handshake answered")
        compare(handshake.status, 200, handshake.text)
        let packets = decodeV3(handshake.text)
        verify(packets[0].startsWith("0{"), packets[0])
        const sid = JSON.parse(packets[0].slice(1)).sid
        tryVerify(() => testCase.connected.indexOf(sid) >= 0, 5000, "socket id is the engine id")
        if (packets.length === 1) {
            // The CONNECT for "/" comes in the next poll when it missed the first.
            const next = poll(legacy, sid)
            tryVerify(() => next.status !== 0, 5000, "second poll answered")
            compare(next.status, 200, next.text)
            packets = packets.concat(decodeV3(next.text))
        }
        compare(packets[1], "40", JSON.stringify(packets))
        compare(legacy.socketCount, 1)
    }

    function test_refused_without_option() {
        tryVerify(() => modern.listening, 5000)
        const handshake = poll(modern)
        tryVerify(() => handshake.status !== 0, 5000, "handshake answered")
        compare(handshake.status, 400)
        compare(JSON.parse(handshake.text).message, "Unsupported protocol version")
    }
}
