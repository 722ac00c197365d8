#coding:utf-8
import zmq
context = zmq.Context()
socket = context.socket(zmq.SUB)
socket.subscribe("client1")  #订阅主题topic为:client1
socket.connect("tcp://localhost:5555")
msg = socket.recv_multipart()
print(msg)
