// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIoAdmin: a SocketIoServer instrumented for admin consoles, seen by a
// SocketIoClient on the admin namespace as the admin-ui protocol says.

import QtQuick
import QtTest
import SocketIo

TestCase {
    id: testCase
    name: "Admin"

    property var adminEvents: []

    SocketIoServer {
        id: io
        host: "127.0.0.1"
        port: 0
        SocketIoNamespace { name: "/chat" }
    }

    SocketIoAdmin {
        id: instrumentation
        server: io
        auth: false
        serverId: "qml-server"
    }

    SocketIoAdmin {
        id: unconfigured
        server: io
        namespaceName: "/other-admin"
    }

    Component {
        id: clientComponent
        SocketIoClient {
            reconnection: false
            onEventReceived: (event, args) => testCase.adminEvents.push({ event: event, args: args })
        }
    }

    function test_instrumented() {
        verify(io.listening)
        verify(instrumentation.active)
        verify(!unconfigured.active, "an unset auth is refused, as in Node")
        compare(instrumentation.adminCount, 0)
        const client = createTemporaryObject(clientComponent, testCase,
                                             { url: "http://127.0.0.1:" + io.port, nsp: "/admin" })
        verify(client !== null)
        tryCompare(instrumentation, "adminCount", 1, 5000)
        tryVerify(() => adminEvents.some((e) => e.event === "config"), 5000)
        const config = adminEvents.find((e) => e.event === "config").args[0]
        verify(config.supportedFeatures.indexOf("EMIT") >= 0)
        tryVerify(() => adminEvents.some((e) => e.event === "all_sockets"), 5000)
        tryVerify(() => adminEvents.some((e) => e.event === "server_stats"), 5000)
        const stats = adminEvents.find((e) => e.event === "server_stats").args[0]
        compare(stats.serverId, "qml-server")
        verify(stats.namespaces.some((n) => n.name === "/chat"))
    }

    function test_closeAndListenAgain() {
        io.close()
        verify(!instrumentation.active)
        verify(io.listen())
        verify(instrumentation.active)
    }
}
