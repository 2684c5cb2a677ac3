/**
 * The local avatar bucket (a constant, so runs with an older state.json find it too). A module of
 * its own so the privacy job's process can name it without loading the emulators' code.
 */
export const LOCAL_AVATAR_BUCKET = "tenantry-local-avatars";
