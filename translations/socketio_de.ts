<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>SocketIo::Client</name>
    <message>
        <source>The server did not answer the handshake in time</source>
        <translation>Der Server hat den Handshake nicht rechtzeitig beantwortet</translation>
    </message>
    <message>
        <source>The server stopped sending heartbeats</source>
        <translation>Der Server sendet keine Heartbeats mehr</translation>
    </message>
    <message>
        <source>The server sent an invalid packet: %1</source>
        <translation>Der Server hat ein ungültiges Paket gesendet: %1</translation>
    </message>
    <message>
        <source>Could not connect to the server: %1</source>
        <translation>Keine Verbindung zum Server möglich: %1</translation>
    </message>
    <message>
        <source>The connection failed: %1</source>
        <translation>Die Verbindung ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>SocketIo::Engine</name>
    <message>
        <source>Could not listen: %1</source>
        <translation>Lauschen nicht möglich: %1</translation>
    </message>
    <message>
        <source>The given server is not listening</source>
        <translation>Der übergebene Server lauscht nicht</translation>
    </message>
    <message>
        <source>The path %1 is already served on this port</source>
        <translation>Der Pfad %1 wird auf diesem Port bereits bedient</translation>
    </message>
</context>
</TS>
