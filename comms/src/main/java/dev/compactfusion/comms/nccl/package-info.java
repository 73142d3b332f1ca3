/**
 * An NCCL communicator through JavaCPP (device buffers, unique-id exchange over a control
 * communicator, error checks) and its world-size-1 smoke test. Knows nothing of diffusion, codecs
 * or models; where NCCL cannot load it reports why.
 */
package dev.compactfusion.comms.nccl;
