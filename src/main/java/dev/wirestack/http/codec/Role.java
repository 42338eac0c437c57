package dev.wirestack.http.codec;

/** Which end of the connection a codec plays. */
public enum Role {
    CLIENT,
    SERVER;

    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
