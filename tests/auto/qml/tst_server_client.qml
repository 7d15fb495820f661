// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIoServer and SocketIoClient talking to each other over 127.0.0.1:
// events both ways with every value type, acks (callbacks and promises),
// timeouts, rooms, broadcasts, namespaces with middleware, auth, disconnects.

import QtQuick
import QtTest
import SocketIo

TestCase {
    id: testCase
    name: "ServerClient"

    property var serverSockets: []
    property var received: []
    property var adminSockets: []

    SocketIoServer {
        id: server
        host: "127.0.0.1"
        port: 0
        pingInterval: 1000
        pingTimeout: 1000

        onConnection: (socket) => {
            testCase.serverSockets.push(socket)
            socket.on("values", (args, ack) => {
                testCase.received.push(args)
                if (ack)
                    ack("got", args.length)
            })
            socket.on("double", (args, ack) => ack(args[0] * 2))
            socket.on("join", (args, ack) => {
                socket.join(args[0])
                ack(socket.rooms)
            })
            socket.on("shout", (args) => socket.broadcast.emitEvent("shouted", args[0]))
        }

        SocketIoNamespace {
            id: admin
            name: "/admin"
            Component.onCompleted: admin.use((socket, next) => {
                const token = socket.handshake.auth.token
                if (token === "secret") {
                    next()
                } else {
                    const err = new Error("not authorized")
                    err.data = { reason: "bad token", given: token === undefined ? null : token }
                    next(err)
                }
            })
            onConnection: (socket) => testCase.adminSockets.push(socket)
        }
    }

    Component {
        id: clientComponent
        SocketIoClient {
            active: false
            reconnection: false
        }
    }

    SignalSpy { id: connectionSpy; target: server; signalName: "connection" }

    function serverUrl() {
        return "http://127.0.0.1:" + server.port
    }

    function makeClient(properties) {
        const props = Object.assign({ url: serverUrl() }, properties || {})
        const client = createTemporaryObject(clientComponent, testCase, props)
        verify(client !== null, "client created")
        return client
    }

    function connectClient(properties) {
        const client = makeClient(properties)
        client.open()
        tryVerify(() => client.connected, 5000, "client connected")
        return client
    }

    function serverSocketFor(client) {
        let found = null
        tryVerify(() => {
            found = testCase.serverSockets.find(s => s && s.id === client.id) || null
            return found !== null
        }, 5000, "server socket for " + client.id)
        return found
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
        serverSockets = []
        received = []
        adminSockets = []
    }

    function test_01_listening() {
        tryVerify(() => server.listening, 5000)
        verify(server.port > 0, "a free port was chosen: " + server.port)
        compare(server.errorString, "")
        compare(server.path, "/socket.io/")
    }

    function test_connect_data() {
        return [
            { tag: "polling+websocket", transports: ["polling", "websocket"] },
            { tag: "polling", transports: ["polling"] },
            { tag: "websocket", transports: ["websocket"] },
        ]
    }

    function test_connect(data) {
        const client = connectClient({ transports: data.transports })
        verify(client.id.length > 0)
        const socket = serverSocketFor(client)
        compare(socket.nsp, "/")
        verify(socket.connected)
        compare(socket.rooms, [socket.id])
        compare(socket.handshake.query.EIO, "4")
        if (data.transports.length === 1)
            tryCompare(client, "transportName", data.transports[0])
    }

    function test_values_client_to_server() {
        const client = connectClient()
        serverSocketFor(client)
        let reply = null
        client.emitEvent("values", "text", 42, 1.5, true, null, [1, "two", [3]], { a: { b: [1, 2] } },
                         bytes([0, 1, 127, 128, 255]), (status, count) => { reply = [status, count] })
        tryVerify(() => reply !== null, 5000, "ack received")
        compare(reply, ["got", 8])
        compare(received.length, 1)
        const args = received[0]
        compare(args[0], "text")
        compare(args[1], 42)
        compare(args[2], 1.5)
        compare(args[3], true)
        compare(args[4], null)
        compare(args[5], [1, "two", [3]])
        compare(args[6], { a: { b: [1, 2] } })
        verify(args[7] instanceof ArrayBuffer, "binary arrives as an ArrayBuffer")
        compare(byteList(args[7]), [0, 1, 127, 128, 255])
    }

    function test_typed_array_is_binary() {
        const client = connectClient()
        serverSocketFor(client)
        const view = new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4)
        client.emitEvent("values", view)
        tryVerify(() => received.length === 1, 5000)
        compare(byteList(received[0][0]), [8, 7, 6])
    }

    function test_values_server_to_client() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        let got = null
        client.on("news", (args) => { got = args })
        socket.emitEvent("news", "hello", { n: 1, list: [true, null] }, bytes([1, 2, 3]))
        tryVerify(() => got !== null, 5000)
        compare(got[0], "hello")
        compare(got[1], { n: 1, list: [true, null] })
        compare(byteList(got[2]), [1, 2, 3])
    }

    function test_event_received_signal() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        const spy = createTemporaryObject(signalSpyComponent, testCase, { target: client, signalName: "eventReceived" })
        socket.emitEvent("ping-event", 7)
        spy.wait(5000)
        compare(spy.signalArguments[0][0], "ping-event")
        compare(spy.signalArguments[0][1], [7])
    }

    Component {
        id: signalSpyComponent
        SignalSpy {}
    }

    function test_client_ack_promise_value() {
        const client = connectClient()
        serverSocketFor(client)
        let result = null
        client.emitWithAck("double", 21).then(value => { result = value })
        tryVerify(() => result === 42, 5000, "promise resolved with 42")
    }

    function test_server_ack_both_forms() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        client.on("question", (args, ack) => {
            verify(typeof ack === "function", "the server asked for an ack")
            ack("answer to " + args[0])
        })
        let byCallback = null
        let byPromise = null
        socket.emitEvent("question", "life", (answer) => { byCallback = answer })
        socket.emitWithAck("question", "everything").then(answer => { byPromise = answer })
        tryVerify(() => byCallback !== null && byPromise !== null, 5000)
        compare(byCallback, "answer to life")
        compare(byPromise, "answer to everything")
    }

    function test_no_ack_function_without_request() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        let ackSeen = "unset"
        client.on("plain", (args, ack) => { ackSeen = ack })
        socket.emitEvent("plain", 1)
        tryVerify(() => ackSeen !== "unset", 5000)
        compare(ackSeen, undefined)
    }

    function test_ack_timeouts() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        client.on("silent", () => {})
        let serverError = null
        socket.timeout(200).emitEvent("silent", (err) => { serverError = err })
        let clientError = null
        client.timeout(200).emitEvent("no such handler", (err) => { clientError = err })
        let rejected = null
        client.timeout(200).emitWithAck("no such handler").then(() => { rejected = "resolved" },
                                                                err => { rejected = err.message })
        tryVerify(() => serverError !== null && clientError !== null && rejected !== null, 5000)
        compare(serverError.message, "operation has timed out")
        compare(clientError.message, "operation has timed out")
        compare(rejected, "operation has timed out")
        // With a timeout set, a reply arrives with a null error first.
        let ok = null
        client.timeout(2000).emitEvent("double", 5, (err, value) => { ok = [err, value] })
        tryVerify(() => ok !== null, 5000)
        compare(ok, [null, 10])
    }

    function test_rooms_and_broadcasts() {
        const a = connectClient()
        const b = connectClient()
        const c = connectClient()
        const sa = serverSocketFor(a)
        const sb = serverSocketFor(b)
        serverSocketFor(c)
        // roomsChanged: for the socket that joined, and for nobody else
        let changedA = 0
        let changedB = 0
        const countA = () => changedA++
        const countB = () => changedB++
        sa.roomsChanged.connect(countA)
        sb.roomsChanged.connect(countB)
        let joined = null
        a.emitWithAck("join", "blue").then(rooms => { joined = rooms })
        tryVerify(() => joined !== null, 5000)
        verify(joined.indexOf("blue") >= 0, "rooms: " + joined)
        verify(sa.rooms.indexOf("blue") >= 0)
        compare(changedA, 1)
        compare(changedB, 0)
        sa.roomsChanged.disconnect(countA)
        sb.roomsChanged.disconnect(countB)
        const got = { a: [], b: [], c: [] }
        a.on("color", (args) => got.a.push(args[0]))
        b.on("color", (args) => got.b.push(args[0]))
        c.on("color", (args) => got.c.push(args[0]))
        server.to("blue").emitEvent("color", "to blue")
        server.except("blue").emitEvent("color", "except blue")
        server.emitEvent("color", "everyone")
        tryVerify(() => got.a.length === 2 && got.b.length === 2 && got.c.length === 2, 5000,
                  JSON.stringify(got))
        compare(got.a, ["to blue", "everyone"])
        compare(got.b, ["except blue", "everyone"])
        compare(got.c, ["except blue", "everyone"])

        const shouted = { a: 0, b: 0, c: 0 }
        a.on("shouted", () => shouted.a++)
        b.on("shouted", () => shouted.b++)
        c.on("shouted", () => shouted.c++)
        a.emitEvent("shout", "hey")
        tryVerify(() => shouted.b === 1 && shouted.c === 1, 5000)
        wait(100)
        compare(shouted.a, 0, "socket.broadcast leaves the sender out")

        let sockets = server.in("blue").fetchSockets()
        compare(sockets.length, 1)
        compare(sockets[0].id, a.id)
        server.socketsJoin("green")
        tryVerify(() => server.in("green").fetchSockets().length === 3, 5000)
        server.in("green").socketsLeave("green")
        tryVerify(() => server.in("green").fetchSockets().length === 0, 5000)
    }

    function test_broadcast_acks() {
        const a = connectClient()
        const b = connectClient()
        serverSocketFor(a)
        serverSocketFor(b)
        a.on("vote", (args, ack) => ack("a"))
        b.on("vote", (args, ack) => ack("b"))
        let answers = null
        server.timeout(2000).emitWithAck("vote").then(list => { answers = list })
        let callbackResult = null
        server.timeout(2000).emitEvent("vote", (err, list) => { callbackResult = [err, list] })
        tryVerify(() => answers !== null && callbackResult !== null, 5000)
        compare(answers.slice().sort(), ["a", "b"])
        compare(callbackResult[0], null)
        compare(callbackResult[1].slice().sort(), ["a", "b"])
    }

    function test_namespace_middleware_refuses() {
        const client = makeClient({ nsp: "/admin", auth: { token: "wrong" } })
        const spy = createTemporaryObject(signalSpyComponent, testCase, { target: client, signalName: "connectError" })
        client.open()
        spy.wait(5000)
        compare(spy.signalArguments[0][0], "not authorized")
        compare(spy.signalArguments[0][1], { reason: "bad token", given: "wrong" })
        verify(!client.connected)
        compare(adminSockets.length, 0)
    }

    function test_namespace_auth_callback() {
        const client = makeClient({ nsp: "/admin", auth: (cb) => cb({ token: "secret" }) })
        client.open()
        tryVerify(() => client.connected, 5000)
        tryVerify(() => adminSockets.length === 1, 5000)
        compare(adminSockets[0].nsp, "/admin")
        compare(adminSockets[0].handshake.auth, { token: "secret" })
        tryCompare(admin, "socketCount", 1, 5000)
    }

    function test_server_of() {
        const dyn = server.of("/dynamic")
        verify(dyn !== null)
        compare(dyn.name, "/dynamic")
        verify(dyn.attached)
        compare(server.of("dynamic"), dyn, "of() returns the same item")
        let arrived = null
        dyn.connection.connect((socket) => { arrived = socket.nsp })
        const client = connectClient({ nsp: "/dynamic" })
        tryVerify(() => arrived !== null, 5000)
        compare(arrived, "/dynamic")
    }

    function test_server_disconnects_client() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        const spy = createTemporaryObject(signalSpyComponent, testCase, { target: client, signalName: "disconnected" })
        socket.disconnect()
        spy.wait(5000)
        compare(spy.signalArguments[0][0], "io server disconnect")
        verify(!client.connected)
    }

    function test_client_leaves() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        let reason = null
        socket.disconnected.connect((r) => { reason = r })
        client.close()
        tryVerify(() => reason !== null, 5000)
        compare(reason, "client namespace disconnect")
    }

    function test_socket_data() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        socket.data = { nickname: "ada", score: 3 }
        compare(socket.data.nickname, "ada")
        compare(socket.data.score, 3)
        const again = server.fetchSockets().find(s => s.id === client.id)
        compare(again, socket, "one wrapper per socket")
        compare(again.data.nickname, "ada")
    }

    function test_onAny() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        const serverSeen = []
        const clientSeen = []
        socket.onAny((event, args) => serverSeen.push([event, args]))
        client.onAny((event, args) => clientSeen.push([event, args]))
        client.emitEvent("first", 1)
        socket.emitEvent("second", 2)
        tryVerify(() => serverSeen.length === 1 && clientSeen.length === 1, 5000)
        compare(serverSeen[0], ["first", [1]])
        compare(clientSeen[0], ["second", [2]])
    }

    function test_emits_buffered_before_connect() {
        const client = makeClient()
        let reply = null
        client.emitWithAck("double", 4).then(v => { reply = v })
        client.open()
        tryVerify(() => reply === 8, 5000, "an emit before the connection is sent once connected")
    }

    function test_active_toggles_connection() {
        const client = makeClient()
        client.active = true
        tryVerify(() => client.connected, 5000)
        client.active = false
        tryVerify(() => !client.connected, 5000)
    }

    Component {
        id: serverComponent
        SocketIoServer {
            host: "127.0.0.1"
            port: 0
        }
    }

    function test_listening_is_declarative() {
        const idle = createTemporaryObject(serverComponent, testCase, { listening: false })
        verify(!idle.listening, "listening: false keeps it closed")
        compare(idle.port, 0)
        idle.listening = true
        verify(idle.listening)
        verify(idle.port > 0)
        const port = idle.port
        const client = connectClient({ url: "http://127.0.0.1:" + port, reconnection: true, reconnectionDelay: 100,
                                       reconnectionDelayMax: 200 })
        tryVerify(() => idle.socketCount === 1, 5000)
        const reasons = []
        client.disconnected.connect((reason) => reasons.push(reason))
        idle.listening = false
        verify(!idle.listening)
        tryVerify(() => !client.connected, 5000)
        compare(reasons[0], "transport close")
        idle.listening = true
        compare(idle.port, port, "listens again on the same port")
        tryVerify(() => client.connected, 5000, "the client reconnected")
        tryCompare(idle, "socketCount", 1, 5000)
    }

    function test_handler_exception_is_contained() {
        const client = connectClient()
        const socket = serverSocketFor(client)
        socket.on("boom", () => { throw new Error("handler failure") })
        let after = null
        ignoreWarning(/uncaught Error in a handler: handler failure/)
        client.emitEvent("boom")
        client.emitWithAck("double", 1).then(v => { after = v })
        tryVerify(() => after === 2, 5000, "the connection goes on after a throwing handler")
    }
}
