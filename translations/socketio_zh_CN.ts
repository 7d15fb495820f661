<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SocketIo::Client</name>
    <message>
        <source>The server did not answer the handshake in time</source>
        <translation>服务器未及时响应握手</translation>
    </message>
    <message>
        <source>The server stopped sending heartbeats</source>
        <translation>服务器已停止发送心跳</translation>
    </message>
    <message>
        <source>The server sent an invalid packet: %1</source>
        <translation>服务器发送了无效的数据包：%1</translation>
    </message>
    <message>
        <source>Could not connect to the server: %1</source>
        <translation>无法连接到服务器：%1</translation>
    </message>
    <message>
        <source>The connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
</context>
<context>
    <name>SocketIo::Engine</name>
    <message>
        <source>Could not listen: %1</source>
        <translation>无法监听：%1</translation>
    </message>
    <message>
        <source>The given server is not listening</source>
        <translation>给定的服务器未在监听</translation>
    </message>
    <message>
        <source>The path %1 is already served on this port</source>
        <translation>此端口上已在提供路径 %1</translation>
    </message>
</context>
</TS>
