// CommonJS consumer: require() of the core (Node ≥ 20.19 loads ES modules without top-level await), the same numbers.
const neuron = require('./neuron.cjs');

console.log(neuron(require('wengert')));
