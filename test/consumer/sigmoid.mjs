// ESM consumer: the core by import (a namespace, as a bundler sees it), the sigmoid neuron printed as JSON.
import * as W from 'wengert';
import neuron from './neuron.cjs';

console.log(neuron(W));
