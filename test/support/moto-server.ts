// moto's server for tests: the same launcher `tollgate demo --cloud aws` uses.
export { motoServerPath, startLocalMoto as startMotoServer, type LocalMoto as MotoServer } from '../../runtime/local-moto.js';
