/** uPlot and its stylesheet, loaded on demand (`import()`) so pages without charts never fetch them. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export default uPlot;
