package dev.wirestack.stack;

import java.util.Arrays;

/**
 * The host's TCP connections ordered by their next deadline: an indexed binary min-heap, each socket knowing its
 * slot. The earliest deadline is read in O(1), and a connection whose deadline moved is re-placed in O(log n)
 * without searching, so a host with many connections, mostly idle, never scans them all to find what is due.
 */
final class TcpTimers {
    private TcpSocket[] heap = new TcpSocket[16];
    private int size;

    /** The earliest deadline of any connection, or {@link Long#MAX_VALUE} when none has a timer. */
    long earliest() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    int size() {
        return size;
    }

    /** Takes the connection with the earliest deadline out of the heap, if that deadline is {@code <= now}. */
    TcpSocket pollDue(long now) {
        if (size == 0 || heap[0].deadline > now) {
            return null;
        }
        TcpSocket due = heap[0];
        remove(due);
        return due;
    }

    /** Gives {@code socket} the deadline {@code deadline}: it joins, moves in or ({@code MAX_VALUE}) leaves the heap. */
    void update(TcpSocket socket, long deadline) {
        if (deadline == Long.MAX_VALUE) {
            remove(socket);
            return;
        }
        long old = socket.deadline;
        socket.deadline = deadline;
        if (socket.timerSlot < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            socket.timerSlot = size;
            heap[size++] = socket;
            siftUp(socket.timerSlot);
        } else if (deadline < old) {
            siftUp(socket.timerSlot);
        } else if (deadline > old) {
            siftDown(socket.timerSlot);
        }
    }

    void remove(TcpSocket socket) {
        int slot = socket.timerSlot;
        socket.deadline = Long.MAX_VALUE;
        if (slot < 0) {
            return;
        }
        socket.timerSlot = -1;
        TcpSocket last = heap[--size];
        heap[size] = null;
        if (slot == size) {
            return;
        }
        heap[slot] = last;
        last.timerSlot = slot;
        siftUp(slot);
        siftDown(last.timerSlot);
    }

    private void siftUp(int slot) {
        TcpSocket moving = heap[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (heap[parent].deadline <= moving.deadline) {
                break;
            }
            place(heap[parent], slot);
            slot = parent;
        }
        place(moving, slot);
    }

    private void siftDown(int slot) {
        TcpSocket moving = heap[slot];
        while (true) {
            int child = 2 * slot + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].deadline < heap[child].deadline) {
                child++;
            }
            if (heap[child].deadline >= moving.deadline) {
                break;
            }
            place(heap[child], slot);
            slot = child;
        }
        place(moving, slot);
    }

    private void place(TcpSocket socket, int slot) {
        heap[slot] = socket;
        socket.timerSlot = slot;
    }
}
