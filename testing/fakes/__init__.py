"""Loopback fakes of the network services rlm_bot talks to, as real servers on 127.0.0.1."""
