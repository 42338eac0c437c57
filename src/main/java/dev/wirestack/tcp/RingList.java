package dev.wirestack.tcp;

import java.util.Arrays;

/**
 * A list in a growable circular array: indexed access, appends, and removal of any number of elements from the
 * front in constant time. The retransmission queue needs exactly that: binary search by index, new segments at the
 * back, and acknowledged ones cut from the front on every ACK, where an {@code ArrayList} shifts the whole window.
 * Inserting in the middle (splitting a segment, which is rare) shifts the elements after the insertion point.
 */
final class RingList<T> {
    private static final int FIRST_CAPACITY = 16;
    /** Shared by every empty list: an idle connection's queue costs no array (the heap-per-connection budget). */
    private static final Object[] NO_ELEMENTS = new Object[0];

    private Object[] elements = NO_ELEMENTS;
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return (T) elements[slot(index)];
    }

    T getFirst() {
        return get(0);
    }

    void add(T element) {
        add(size, element);
    }

    /** Inserts at {@code index} (0..size), shifting the later elements back by one. */
    void add(int index, T element) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        if (size == elements.length) {
            grow();
        }
        for (int i = size; i > index; i--) {
            elements[slot(i)] = elements[slot(i - 1)];
        }
        elements[slot(index)] = element;
        size++;
    }

    /** Removes the first {@code count} elements. */
    void removeFirst(int count) {
        if (count < 0 || count > size) {
            throw new IndexOutOfBoundsException("cannot remove " + count + " of " + size);
        }
        for (int i = 0; i < count; i++) {
            elements[slot(i)] = null; // no reference kept to what the queue no longer holds
        }
        head = size == count ? 0 : slot(count);
        size -= count;
    }

    private int slot(int index) {
        int slot = head + index;
        return slot < elements.length ? slot : slot - elements.length;
    }

    private void grow() {
        Object[] larger = new Object[Math.max(FIRST_CAPACITY, elements.length * 2)];
        for (int i = 0; i < size; i++) {
            larger[i] = elements[slot(i)];
        }
        elements = larger;
        head = 0;
    }

    @Override
    public String toString() {
        Object[] inOrder = new Object[size];
        for (int i = 0; i < size; i++) {
            inOrder[i] = elements[slot(i)];
        }
        return Arrays.toString(inOrder);
    }
}
