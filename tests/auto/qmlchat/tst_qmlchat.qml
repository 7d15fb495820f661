// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The Qt Quick chat client of examples/qml-chat, driven through its UI (keys
// and clicks), against the C++ chat example and against qml-chat's QML server,
// with a second participant on the other end of each round trip.

import QtQuick
import QtTest
import SocketIo
import "../../../examples/qml-chat" as Chat

Item {
    id: stage
    width: 560
    height: 640

    TestCase {
        id: testCase
        name: "QmlChat"
        when: windowShown

        Component {
            id: chatViewComponent
            Chat.ChatView {
                width: 560
                height: 640
            }
        }

        Component {
            id: observerComponent
            SocketIoClient {
                active: false
                reconnection: false
            }
        }

        property int serial: 0

        function findNamed(parent, name) {
            const item = findChild(parent, name)
            verify(item !== null, "item " + name + " exists")
            return item
        }

        function typeText(item, text) {
            mouseClick(item)
            tryVerify(() => item.activeFocus, 2000, "focus on " + item.objectName)
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function modelHas(model, predicate) {
            for (let i = 0; i < model.count; ++i) {
                if (predicate(model.get(i)))
                    return true
            }
            return false
        }

        // A plain client in the lobby with its own nickname: the other end.
        function observer(url, nickname, seen) {
            const client = createTemporaryObject(observerComponent, testCase, { url: url })
            client.eventReceived.connect((event, args) => seen.push({ event: event, data: args[0] }))
            client.open()
            tryVerify(() => client.connected, 10000, "observer connected to " + url)
            let reply = null
            client.emitWithAck("set nickname", nickname).then(r => { reply = r })
            tryVerify(() => reply !== null, 5000, "nickname answered")
            verify(reply.ok, "observer nickname accepted: " + JSON.stringify(reply))
            return client
        }

        function test_servers_started() {
            verify(chatServerUrl.length > 0, "examples/chat started and told its address")
            verify(qmlServerUrl.length > 0, "qml-chat --server started and told its address")
        }

        // qml-chat itself, started by the test's setup with --nickname qmlbot against
        // examples/chat, shows up in the lobby's user list.
        function test_app_joins_the_lobby() {
            verify(chatServerUrl.length > 0)
            const seen = []
            const client = observer(chatServerUrl, "watcher", seen)
            let users = []
            tryVerify(() => {
                client.emitWithAck("users", "lobby").then(r => { users = r.users })
                wait(200)
                return users.indexOf("qmlbot") >= 0
            }, 20000, "qmlbot (the qml-chat app) is in the lobby")
        }

        function test_round_trip_data() {
            return [
                { tag: "chat example server", server: "chat" },
                { tag: "qml-chat server mode", server: "qml" },
            ]
        }

        function test_round_trip(data) {
            const url = data.server === "chat" ? chatServerUrl : qmlServerUrl
            verify(url.length > 0, "server address known")
            serial += 1
            const me = "ada" + serial
            const other = "bob" + serial

            const view = createTemporaryObject(chatViewComponent, stage, { serverUrl: url })
            verify(view !== null)
            tryVerify(() => view.client.connected, 10000, "the chat view connected")
            waitForRendering(view)

            // Pick a nickname through the first page.
            const nicknameField = findNamed(view, "nicknameField")
            typeText(nicknameField, me)
            compare(nicknameField.text, me)
            const joinButton = findNamed(view, "joinButton")
            tryVerify(() => joinButton.enabled, 2000)
            mouseClick(joinButton)
            tryCompare(view, "nickname", me, 5000)
            compare(view.room, "lobby")
            compare(findNamed(view, "roomLabel").text, "#lobby")

            const seen = []
            const bob = observer(url, other, seen)
            tryVerify(() => modelHas(view.messages, m => m.kind === "notice" && m.body.indexOf(other + " joined") >= 0),
                      5000, "the view saw bob join")

            // Out: typed into the UI, received by the observer.
            const messageField = findNamed(view, "messageField")
            typeText(messageField, "hello from qml")
            const sendButton = findNamed(view, "sendButton")
            mouseClick(sendButton)
            tryVerify(() => seen.some(e => e.event === "chat message" && e.data.from === me
                                       && e.data.text === "hello from qml" && e.data.room === "lobby"),
                      5000, "the observer received the message typed in the UI")
            compare(messageField.text, "", "the field is cleared after sending")
            tryVerify(() => modelHas(view.messages, m => m.kind === "mine" && m.body === "hello from qml"),
                      5000, "the sender sees its own message")

            // In: sent by the observer, shown in the UI.
            bob.emitEvent("chat message", "hi ada")
            tryVerify(() => modelHas(view.messages, m => m.kind === "message" && m.from === other && m.body === "hi ada"),
                      5000, "the UI shows the observer's message")

            // Typing indicator and private message.
            bob.emitEvent("typing")
            tryVerify(() => findNamed(view, "typingLabel").text === other + " is typing…", 5000)
            bob.emitEvent("stop typing")
            tryCompare(findNamed(view, "typingLabel"), "text", "", 5000)
            let delivered = null
            bob.emitWithAck("private message", { to: me, text: "psst" }).then(r => { delivered = r.delivered })
            tryVerify(() => delivered === true, 5000)
            tryVerify(() => modelHas(view.messages, m => m.kind === "private" && m.body === "psst"), 5000)

            // A command through the UI: /join moves the view into another room.
            typeText(messageField, "/join garden")
            mouseClick(sendButton)
            tryCompare(view, "room", "garden", 5000)
            tryVerify(() => seen.some(e => e.event === "user left" && e.data.nickname === me), 5000,
                      "the lobby heard ada leave")
        }
    }
}
