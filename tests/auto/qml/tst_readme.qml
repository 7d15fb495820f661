// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The QML server and client of the README, read from README.md itself and run
// against each other (the server on a free port instead of 3000).

import QtQuick
import QtTest
import SocketIo

Item {
    id: root

    TestCase {
        name: "Readme"
        when: windowShown

        function readmeSnippets() {
            const request = new XMLHttpRequest()
            request.open("GET", Qt.resolvedUrl("../../../README.md"), false)
            request.send(null)
            verify(request.responseText.length > 0, "README.md read (QML_XHR_ALLOW_FILE_READ=1)")
            const text = request.responseText
            const section = text.slice(text.indexOf("## QML: `import SocketIo`"))
            const blocks = []
            const pattern = /```qml\n([\s\S]*?)```/g
            let match
            while ((match = pattern.exec(section)) !== null && blocks.length < 2)
                blocks.push(match[1])
            compare(blocks.length, 2, "a server and a client snippet")
            return blocks
        }

        function test_server_and_client_snippets() {
            const blocks = readmeSnippets()
            verify(blocks[0].split("\n").length <= 21, "the server fits in 20 lines")
            verify(blocks[1].split("\n").length <= 21, "the client fits in 20 lines")
            verify(blocks[0].indexOf("port: 3000") >= 0)
            verify(blocks[1].indexOf("http://127.0.0.1:3000") >= 0)

            const server = Qt.createQmlObject(blocks[0].replace("port: 3000", "port: 0"), root, "ReadmeServer.qml")
            verify(server !== null)
            tryVerify(() => server.listening, 5000)
            const client = Qt.createQmlObject(blocks[1].replace("http://127.0.0.1:3000",
                                                                "http://127.0.0.1:" + server.port),
                                              root, "ReadmeClient.qml")
            verify(client !== null)
            const events = []
            client.eventReceived.connect((event, args) => events.push([event, args[0]]))
            tryVerify(() => client.connected, 5000, "the README client connects to the README server")
            tryCompare(server, "socketCount", 1, 5000)
            // The client says hello once connected; the server broadcasts it to the lobby.
            tryVerify(() => events.some(e => e[0] === "chat message" && e[1].text === "hello"
                                        && e[1].from === client.id), 5000, JSON.stringify(events))
            const sockets = server.fetchSockets()
            compare(sockets.length, 1)
            verify(sockets[0].rooms.indexOf("lobby") >= 0)
            client.destroy()
            server.destroy()
        }
    }
}
